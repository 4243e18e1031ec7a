package io.featurelens.api;

import io.featurelens.core.RejectedRequestException;
import org.jboss.resteasy.reactive.multipart.FileUpload;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;

/** The uploaded image of a multipart form. */
final class Uploads {

    private Uploads() {
    }

    static byte[] bytes(FileUpload image) {
        if (image == null) {
            throw RejectedRequestException.badRequest("no image: send the picture as the multipart file field 'image'");
        }
        try {
            return Files.readAllBytes(image.uploadedFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
