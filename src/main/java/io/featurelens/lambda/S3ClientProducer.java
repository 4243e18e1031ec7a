package io.featurelens.lambda;

import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;
import software.amazon.awssdk.services.s3.S3Configuration;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;

/**
 * The S3 client, and the presigner for the weights ({@link S3Weights}): region and credentials from the
 * environment as usual on AWS, endpoint and addressing from settings.
 */
public class S3ClientProducer {

    @Produces
    @Singleton
    S3Client s3(LambdaConfig config) {
        LambdaConfig.S3 settings = config.s3();
        S3ClientBuilder builder = S3Client.builder().forcePathStyle(settings.pathStyle());
        settings.endpoint().ifPresent(builder::endpointOverride);
        return builder.build();
    }

    void close(@Disposes S3Client client) {
        client.close();
    }

    @Produces
    @Singleton
    S3Presigner presigner(LambdaConfig config) {
        LambdaConfig.S3 settings = config.s3();
        S3Presigner.Builder builder = S3Presigner.builder()
                .serviceConfiguration(S3Configuration.builder().pathStyleAccessEnabled(settings.pathStyle()).build());
        settings.endpoint().ifPresent(builder::endpointOverride);
        return builder.build();
    }

    void close(@Disposes S3Presigner presigner) {
        presigner.close();
    }
}
