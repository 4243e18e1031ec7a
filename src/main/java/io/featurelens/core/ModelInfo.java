package io.featurelens.core;

/** Which network and weights answered: {@code pretrained} is false for the untrained demo weights. */
public record ModelInfo(String name, boolean pretrained, String weights, String device) {
}
