package io.featurelens.lambda;

import io.featurelens.model.InvalidWeightsException;
import io.featurelens.model.RemoteWeights;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;

import java.net.URI;
import java.time.Duration;

/**
 * {@code featurelens.model.weights=s3://bucket/key}: the weights file in S3, read at start-up into
 * {@code featurelens.model.cache-dir} (on Lambda, under /tmp) through a presigned URL, so the weights
 * downloader fetches only the {@code features.*} tensors with range requests. The S3 settings are the
 * function's ({@code featurelens.lambda.s3.*}); the bucket allow-list is for events and does not apply.
 */
@ApplicationScoped
public class S3Weights implements RemoteWeights {

    private static final String SCHEME = "s3://";
    /** Long enough for the slowest download the weights downloader allows. */
    private static final Duration VALIDITY = Duration.ofMinutes(30);

    private final Instance<S3Presigner> presigner;

    public S3Weights(Instance<S3Presigner> presigner) {
        this.presigner = presigner;
    }

    @Override
    public boolean accepts(String location) {
        return location.startsWith(SCHEME);
    }

    @Override
    public URI downloadUrl(String location) {
        S3Location object = parse(location);
        return URI.create(presigner.get().presignGetObject(p -> p.signatureDuration(VALIDITY)
                .getObjectRequest(r -> r.bucket(object.bucket()).key(object.key()))).url().toString());
    }

    private static S3Location parse(String location) {
        String path = location.substring(SCHEME.length());
        int slash = path.indexOf('/');
        if (slash <= 0 || slash == path.length() - 1) {
            throw new InvalidWeightsException("featurelens.model.weights=" + location + ": expected s3://bucket/key");
        }
        return new S3Location(path.substring(0, slash), path.substring(slash + 1));
    }
}
