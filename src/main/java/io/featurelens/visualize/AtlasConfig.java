package io.featurelens.visualize;

import io.smallrye.config.ConfigMapping;

import java.util.Optional;

/** Where finished visualisations of whole layers are (see {@link Atlas}). */
@ConfigMapping(prefix = "featurelens.atlas")
public interface AtlasConfig {

    /**
     * An atlas folder or {@code s3://bucket/prefix}, laid out as {@link AtlasLayout} writes it:
     * {@code <layer>/filter-NNN.png} and {@code .json}. S3 is read with featurelens.lambda.s3.* and the AWS SDK's
     * credentials. Unset: no atlas.
     */
    Optional<String> location();
}
