package io.featurelens.lambda;

import java.util.Map;

/** A PNG to write to S3 under {@code key}, with user metadata ({@code x-amz-meta-<name>}). */
record StoredPng(String key, byte[] png, Map<String, String> metadata) {

    /** The S3 metadata that says how many times a montage's maps are enlarged, as the API's X-Montage-Magnification. */
    static final String MAGNIFICATION = "montage-magnification";

    static StoredPng of(String key, byte[] png) {
        return new StoredPng(key, png, Map.of());
    }
}
