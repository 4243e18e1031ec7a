package io.featurelens.lambda;

import io.featurelens.FeatureLensConfig;
import io.featurelens.core.RejectedRequestException;
import io.featurelens.core.Text;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.NoSuchBucketException;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Exception;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/** Reads images from S3 and writes pictures to it; every S3 failure becomes a {@link RejectedRequestException} naming the object. */
@ApplicationScoped
public class S3Objects {

    private final S3Client s3;
    private final long maxImageBytes;
    private final ExecutorService uploads;
    private final Optional<Set<String>> allowedBuckets;

    public S3Objects(S3Client s3, FeatureLensConfig config, LambdaConfig lambda) {
        this.s3 = s3;
        this.maxImageBytes = config.limits().maxImageSize().asLongValue();
        this.allowedBuckets = lambda.s3().allowedBuckets();
        this.uploads = Executors.newFixedThreadPool(lambda.s3().uploadConcurrency(), task -> {
            Thread thread = new Thread(task, "s3-upload");
            thread.setDaemon(true);
            return thread;
        });
    }

    @PreDestroy
    void stop() {
        uploads.shutdown();
    }

    public byte[] read(S3Location image) {
        checkAllowed(image.bucket());
        try (ResponseInputStream<GetObjectResponse> in = s3.getObject(b -> b.bucket(image.bucket()).key(image.key()))) {
            Long length = in.response().contentLength();
            if (length != null && length > maxImageBytes) {
                in.abort();
                throw new RejectedRequestException(413, describe(image) + " is " + length + " bytes; the limit is "
                        + maxImageBytes + " bytes");
            }
            return in.readAllBytes();
        } catch (NoSuchBucketException e) {
            throw new RejectedRequestException(404, "no bucket '" + Text.clip(image.bucket()) + "'");
        } catch (NoSuchKeyException e) {
            throw new RejectedRequestException(404, "no object '" + Text.clip(image.key()) + "' in bucket '"
                    + Text.clip(image.bucket()) + "'");
        } catch (S3Exception | SdkClientException e) {
            throw failure("cannot read " + describe(image), e);
        } catch (IOException e) {
            throw new RejectedRequestException(502, "cannot read " + describe(image) + ": " + e.getMessage());
        }
    }

    /** Writes every PNG, several at once; throws the first failure once all have been tried. */
    void writePngs(String bucket, List<StoredPng> objects) {
        checkAllowed(bucket);
        List<CompletableFuture<Void>> puts = objects.stream()
                .map(o -> CompletableFuture.runAsync(() -> put(bucket, o), uploads))
                .toList();
        try {
            CompletableFuture.allOf(puts.toArray(CompletableFuture[]::new)).join();
        } catch (CompletionException e) {
            throw e.getCause() instanceof RuntimeException cause ? cause : e;
        }
    }

    /** Writes one JSON object. */
    void writeJson(String bucket, String key, byte[] json) {
        checkAllowed(bucket);
        put(bucket, key, json, "application/json", Map.of());
    }

    private void put(String bucket, StoredPng object) {
        put(bucket, object.key(), object.png(), "image/png", object.metadata());
    }

    private void put(String bucket, String key, byte[] bytes, String contentType, Map<String, String> metadata) {
        try {
            s3.putObject(b -> b.bucket(bucket).key(key).contentType(contentType).metadata(metadata),
                    RequestBody.fromBytes(bytes));
        } catch (NoSuchBucketException e) {
            throw new RejectedRequestException(404, "no output bucket '" + Text.clip(bucket) + "'");
        } catch (S3Exception | SdkClientException e) {
            throw failure("cannot write " + describe(new S3Location(bucket, key)), e);
        }
    }

    /** Refuses a bucket outside featurelens.lambda.s3.allowed-buckets (403). */
    public void checkAllowed(String bucket) {
        if (allowedBuckets.isPresent() && !allowedBuckets.get().contains(bucket)) {
            throw new RejectedRequestException(403, "bucket '" + Text.clip(bucket)
                    + "' is not among featurelens.lambda.s3.allowed-buckets");
        }
    }

    private static String describe(S3Location object) {
        return "s3://" + Text.clip(object.bucket()) + "/" + Text.clip(object.key());
    }

    private static RejectedRequestException failure(String what, RuntimeException e) {
        if (e instanceof S3Exception s3 && s3.statusCode() == 403) {
            return new RejectedRequestException(403, what + ": access denied");
        }
        String reason = e instanceof S3Exception s3 && s3.awsErrorDetails() != null
                ? "S3 answered " + s3.statusCode() + " " + s3.awsErrorDetails().errorCode()
                : e.getMessage();
        // S3 refusing the request itself (a key too long, say) is the event's fault; anything else is S3's.
        boolean refused = e instanceof S3Exception s3 && s3.statusCode() >= 400 && s3.statusCode() < 500;
        return new RejectedRequestException(refused ? 400 : 502, what + ": " + reason);
    }
}
