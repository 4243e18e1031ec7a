package io.featurelens.lambda;

import io.featurelens.FeatureLensConfig;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;

/** The S3 client: region and credentials from the environment as usual on AWS, endpoint and addressing from settings. */
public class S3ClientProducer {

    @Produces
    @Singleton
    S3Client s3(FeatureLensConfig config) {
        FeatureLensConfig.Lambda.S3 settings = config.lambda().s3();
        S3ClientBuilder builder = S3Client.builder().forcePathStyle(settings.pathStyle());
        settings.endpoint().ifPresent(builder::endpointOverride);
        return builder.build();
    }

    void close(@Disposes S3Client client) {
        client.close();
    }
}
