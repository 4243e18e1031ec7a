package io.featurelens.lambda;

/** An object in S3, or with a prefix as {@code key}, a folder of objects. */
record S3Location(String bucket, String key) {

    /** {@code key} without leading or trailing slashes, so keys joined to it have exactly one. */
    S3Location normalized() {
        return new S3Location(bucket, key.replaceAll("^/+|/+$", ""));
    }

    S3Location child(String name) {
        return new S3Location(bucket, key.isEmpty() ? name : key + "/" + name);
    }

    boolean contains(S3Location object) {
        return bucket.equals(object.bucket()) && (key.isEmpty() || object.key().startsWith(key + "/"));
    }

    @Override
    public String toString() {
        return "s3://" + bucket + "/" + key;
    }
}
