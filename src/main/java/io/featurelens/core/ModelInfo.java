package io.featurelens.core;

/**
 * Which network and weights answered. {@code pretrained} is true only where it can be backed (the default
 * weights, or the operator's description), false for the untrained demo weights, and null otherwise;
 * {@code description} says the same in words, for the banner.
 */
public record ModelInfo(String name, Boolean pretrained, String description, String weights, String device) {
}
