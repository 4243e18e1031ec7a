package io.featurelens.lambda;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import org.eclipse.microprofile.config.ConfigProvider;
import org.gaul.s3proxy.AuthenticationType;
import org.gaul.s3proxy.S3Proxy;
import org.jclouds.ContextBuilder;
import org.jclouds.blobstore.BlobStoreContext;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;

import java.net.URI;
import java.util.Map;

/**
 * A real S3 server for the tests: S3Proxy on loopback, in this JVM, over jclouds' in-memory blob store,
 * checking AWS signatures. The function's S3 client finds it through featurelens.lambda.s3.*, and its
 * credentials and checksum settings through the AWS SDK's usual system properties.
 */
public class S3ProxyServer implements QuarkusTestResourceLifecycleManager {

    public static final String IDENTITY = "featurelens-test";
    public static final String CREDENTIAL = "featurelens-test-secret";
    /**
     * What an AWS deployment takes from its environment. S3Proxy, like many S3-compatible servers, has no
     * flexible checksums, so the SDK sends them only where S3 requires them.
     */
    private static final Map<String, String> AWS_PROPERTIES = Map.of("aws.accessKeyId", IDENTITY,
            "aws.secretAccessKey", CREDENTIAL, "aws.region", "us-east-1",
            "aws.requestChecksumCalculation", "when_required", "aws.responseChecksumValidation", "when_required");

    private BlobStoreContext blobStore;
    private S3Proxy proxy;

    @Override
    public Map<String, String> start() {
        blobStore = ContextBuilder.newBuilder("transient").credentials(IDENTITY, CREDENTIAL).build(BlobStoreContext.class);
        proxy = S3Proxy.builder().blobStore(blobStore.getBlobStore()).endpoint(URI.create("http://127.0.0.1:0"))
                .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, IDENTITY, CREDENTIAL).build();
        try {
            proxy.start();
            long deadline = System.nanoTime() + 30_000_000_000L;
            while (!proxy.getState().equals("STARTED")) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("S3Proxy did not start: " + proxy.getState());
                }
                Thread.sleep(10);
            }
        } catch (Exception e) {
            throw new IllegalStateException("cannot start S3Proxy", e);
        }
        AWS_PROPERTIES.forEach(System::setProperty);
        return Map.of("featurelens.lambda.s3.endpoint", "http://127.0.0.1:" + proxy.getPort(),
                "featurelens.lambda.s3.path-style", "true",
                "featurelens.lambda.s3.allowed-buckets", "images,maps,uploads,no-such-bucket");
    }

    @Override
    public void stop() {
        AWS_PROPERTIES.keySet().forEach(System::clearProperty);
        try {
            if (proxy != null) {
                proxy.stop();
            }
        } catch (Exception e) {
            throw new IllegalStateException("cannot stop S3Proxy", e);
        } finally {
            if (blobStore != null) {
                blobStore.close();
            }
        }
    }

    /** A client of the tests' own, independent of the function's. */
    public static S3Client client() {
        return client(ConfigProvider.getConfig().getValue("featurelens.lambda.s3.endpoint", URI.class));
    }

    public static S3Client client(URI endpoint) {
        return S3Client.builder().endpointOverride(endpoint).forcePathStyle(true).region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(IDENTITY, CREDENTIAL)))
                .build();
    }

    public static void createBuckets(S3Client s3, String... buckets) {
        for (String bucket : buckets) {
            if (s3.listBuckets().buckets().stream().noneMatch(b -> b.name().equals(bucket))) {
                s3.createBucket(b -> b.bucket(bucket));
            }
        }
    }

    public static void put(S3Client s3, String bucket, String key, byte[] bytes) {
        s3.putObject(b -> b.bucket(bucket).key(key), RequestBody.fromBytes(bytes));
    }

    /** Every object on the server, as {@code bucket/key}. */
    public static java.util.SortedSet<String> keys(S3Client s3) {
        java.util.SortedSet<String> keys = new java.util.TreeSet<>();
        for (var bucket : s3.listBuckets().buckets()) {
            s3.listObjectsV2Paginator(b -> b.bucket(bucket.name())).contents()
                    .forEach(object -> keys.add(bucket.name() + "/" + object.key()));
        }
        return keys;
    }

    public static byte[] get(S3Client s3, String bucket, String key) {
        return s3.getObjectAsBytes(b -> b.bucket(bucket).key(key)).asByteArray();
    }

    /** The object's user metadata (x-amz-meta-*), by name without the prefix. */
    public static Map<String, String> metadata(S3Client s3, String bucket, String key) {
        return s3.headObject(b -> b.bucket(bucket).key(key)).metadata();
    }

    public static boolean exists(S3Client s3, String bucket, String key) {
        try {
            s3.headObject(b -> b.bucket(bucket).key(key));
            return true;
        } catch (NoSuchKeyException e) {
            return false;
        } catch (software.amazon.awssdk.services.s3.model.S3Exception e) {
            if (e.statusCode() == 404) {
                return false;
            }
            throw e;
        }
    }
}
