package io.featurelens.model;

import java.net.URI;

/**
 * Weights in a store that only an adapter can reach, such as {@code s3://bucket/key}: the adapter turns
 * the location into an http(s) URL that {@link WeightsDownloader} reads with range requests, so only the
 * {@code features.*} tensors are fetched and cached. Beans of this type are found by {@link ModelHolder}.
 */
public interface RemoteWeights {

    /** Whether {@code location} (a value of {@code featurelens.model.weights}) is one of this store's. */
    boolean accepts(String location);

    /** A URL that reads the weights at {@code location} for at least the length of one download. */
    URI downloadUrl(String location);
}
