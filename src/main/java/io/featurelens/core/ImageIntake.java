package io.featurelens.core;

import io.featurelens.imaging.ImageDecoder;
import io.featurelens.imaging.InvalidImageException;
import io.featurelens.imaging.RgbImage;

/** An uploaded image's bytes to pixels, with the limits and the refusals (400, 413, 415, 422) every request shares. */
public final class ImageIntake {

    private final ImageDecoder decoder;
    private final long maxImageBytes;

    public ImageIntake(long maxPixels, long maxImageBytes) {
        this.decoder = new ImageDecoder(maxPixels);
        this.maxImageBytes = maxImageBytes;
    }

    public RgbImage decode(byte[] image) {
        if (image == null) {
            throw RejectedRequestException.badRequest("no image: send the picture in the 'image' field");
        }
        if (image.length > maxImageBytes) {
            throw new RejectedRequestException(413, "the image is " + image.length + " bytes; the limit is "
                    + maxImageBytes + " bytes");
        }
        try {
            return decoder.decode(image);
        } catch (InvalidImageException e) {
            int status = switch (e.reason()) {
                case UNSUPPORTED -> 415;
                case CORRUPT -> 422;
                case TOO_LARGE -> 413;
            };
            throw new RejectedRequestException(status, e.getMessage());
        }
    }
}
