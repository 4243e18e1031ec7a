package io.featurelens;

import io.featurelens.imaging.PngEncoder;

import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageTypeSpecifier;
import javax.imageio.ImageWriter;
import javax.imageio.metadata.IIOMetadata;
import javax.imageio.metadata.IIOMetadataNode;
import javax.imageio.stream.ImageOutputStream;
import java.awt.Transparency;
import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.ComponentColorModel;
import java.awt.image.DataBuffer;
import java.awt.image.IndexColorModel;
import java.awt.image.WritableRaster;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.zip.CRC32;

/** Unusual and hostile images, made on the spot with ImageIO's writers or by hand from the formats' specifications. */
public final class TestImages {

    private TestImages() {
    }

    /** A w×h RGB image in which pixel (x, y) has colour {@code rgb[y][x]}. */
    public static BufferedImage rgb(int[][] rgb) {
        BufferedImage image = new BufferedImage(rgb[0].length, rgb.length, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < rgb.length; y++) {
            for (int x = 0; x < rgb[0].length; x++) {
                image.setRGB(x, y, rgb[y][x]);
            }
        }
        return image;
    }

    public static BufferedImage flat(int width, int height, int rgb) {
        int[][] pixels = new int[height][width];
        for (int[] row : pixels) {
            Arrays.fill(row, rgb);
        }
        return rgb(pixels);
    }

    public static byte[] write(BufferedImage image, String format) {
        try (ByteArrayOutputStream out = new ByteArrayOutputStream()) {
            if (!ImageIO.write(image, format, out)) {
                throw new IllegalStateException("no ImageIO writer for " + format + " and " + image);
            }
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static byte[] png16BitGrey(int width, int height, int value) {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_USHORT_GRAY);
        WritableRaster raster = image.getRaster();
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                raster.setSample(x, y, 0, value);
            }
        }
        return write(image, "png");
    }

    public static byte[] pngGreyAlpha(int width, int height, int grey, int alpha) {
        ComponentColorModel model = new ComponentColorModel(ColorSpace.getInstance(ColorSpace.CS_GRAY), true, false,
                Transparency.TRANSLUCENT, DataBuffer.TYPE_BYTE);
        WritableRaster raster = model.createCompatibleWritableRaster(width, height);
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                raster.setSample(x, y, 0, grey);
                raster.setSample(x, y, 1, alpha);
            }
        }
        return write(new BufferedImage(model, raster, false, null), "png");
    }

    /** A palette PNG of two colours, the left half {@code left}, the right half {@code right}. */
    public static byte[] pngPalette(int width, int height, int left, int right) {
        byte[] r = {(byte) (left >> 16), (byte) (right >> 16)};
        byte[] g = {(byte) (left >> 8), (byte) (right >> 8)};
        byte[] b = {(byte) left, (byte) right};
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_BYTE_BINARY, new IndexColorModel(1, 2, r, g, b));
        for (int y = 0; y < height; y++) {
            for (int x = width / 2; x < width; x++) {
                image.getRaster().setSample(x, y, 0, 1);
            }
        }
        return write(image, "png");
    }

    /** An animated GIF whose frames are flat images of the given colours. */
    public static byte[] animatedGif(int width, int height, int... frameColours) {
        ImageWriter writer = ImageIO.getImageWritersByFormatName("gif").next();
        try (ByteArrayOutputStream out = new ByteArrayOutputStream();
             ImageOutputStream stream = ImageIO.createImageOutputStream(out)) {
            writer.setOutput(stream);
            writer.prepareWriteSequence(null);
            for (int colour : frameColours) {
                BufferedImage frame = flat(width, height, colour);
                IIOMetadata metadata = writer.getDefaultImageMetadata(ImageTypeSpecifier.createFromRenderedImage(frame), null);
                IIOMetadataNode root = (IIOMetadataNode) metadata.getAsTree("javax_imageio_gif_image_1.0");
                IIOMetadataNode control = new IIOMetadataNode("GraphicControlExtension");
                control.setAttribute("disposalMethod", "none");
                control.setAttribute("userInputFlag", "FALSE");
                control.setAttribute("transparentColorFlag", "FALSE");
                control.setAttribute("delayTime", "10");
                control.setAttribute("transparentColorIndex", "0");
                root.appendChild(control);
                metadata.setFromTree("javax_imageio_gif_image_1.0", root);
                writer.writeToSequence(new IIOImage(frame, null, metadata), null);
            }
            writer.endWriteSequence();
            stream.flush();
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            writer.dispose();
        }
    }

    /** A JPEG with an EXIF APP1 segment, inserted right after SOI, whose IFD0 holds only the orientation. */
    public static byte[] jpegWithOrientation(BufferedImage image, int orientation) {
        byte[] jpeg = write(image, "jpeg");
        ByteBuffer tiff = ByteBuffer.allocate(8 + 2 + 12 + 4);
        tiff.put(new byte[] {'M', 'M', 0, 42}).putInt(8);
        tiff.putShort((short) 1);
        tiff.putShort((short) 0x0112).putShort((short) 3).putInt(1).putShort((short) orientation).putShort((short) 0);
        tiff.putInt(0);
        byte[] exif = "Exif\0\0".getBytes(StandardCharsets.ISO_8859_1);
        int length = 2 + exif.length + tiff.capacity();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(jpeg, 0, 2);
        out.writeBytes(new byte[] {(byte) 0xFF, (byte) 0xE1, (byte) (length >> 8), (byte) length});
        out.writeBytes(exif);
        out.writeBytes(tiff.array());
        out.write(jpeg, 2, jpeg.length - 2);
        return out.toByteArray();
    }

    /** A grey PNG of zeros: a few kilobytes that decode to width × height pixels. */
    public static byte[] zeroPng(int width, int height) {
        return PngEncoder.grey(new byte[width * height], width, height);
    }

    /** A valid PNG signature and header for a width × height RGB image, with almost no pixel data behind it. */
    public static byte[] pngHeaderClaiming(int width, int height) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(new byte[] {(byte) 0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A});
        chunk(out, "IHDR", ByteBuffer.allocate(13).putInt(width).putInt(height).put((byte) 8).put((byte) 2)
                .put((byte) 0).put((byte) 0).put((byte) 0).array());
        chunk(out, "IDAT", new byte[] {0x78, 0x01, 0x01, 0x00, 0x00, (byte) 0xFF, (byte) 0xFF});
        chunk(out, "IEND", new byte[0]);
        return out.toByteArray();
    }

    public static byte[] truncated(byte[] bytes, double keep) {
        return Arrays.copyOf(bytes, (int) (bytes.length * keep));
    }

    public static byte[] resource(String path) {
        try (var in = TestImages.class.getClassLoader().getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalStateException("missing test resource " + path);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void chunk(ByteArrayOutputStream out, String type, byte[] data) {
        CRC32 crc = new CRC32();
        crc.update(type.getBytes(StandardCharsets.US_ASCII));
        crc.update(data);
        out.writeBytes(ByteBuffer.allocate(4).putInt(data.length).array());
        out.writeBytes(type.getBytes(StandardCharsets.US_ASCII));
        out.writeBytes(data);
        out.writeBytes(ByteBuffer.allocate(4).putInt((int) crc.getValue()).array());
    }
}
