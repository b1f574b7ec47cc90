package io.datapoint.connect.testkit;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Enumeration;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/** Unpacks the plugin archive (Confluent Hub layout) into a folder that can be a worker's {@code plugin.path}. */
public final class PluginArchive {

    private PluginArchive() {
    }

    /**
     * Unpacks {@code archive} into {@code pluginPath} (emptied first).
     *
     * @return the plugin's own folder inside {@code pluginPath} (the one holding {@code manifest.json} and {@code lib/})
     */
    public static Path unpack(Path archive, Path pluginPath) {
        try {
            deleteRecursively(pluginPath);
            Files.createDirectories(pluginPath);
            try (ZipFile zip = new ZipFile(archive.toFile())) {
                Enumeration<? extends ZipEntry> entries = zip.entries();
                while (entries.hasMoreElements()) {
                    ZipEntry entry = entries.nextElement();
                    Path target = pluginPath.resolve(entry.getName()).normalize();
                    if (!target.startsWith(pluginPath)) {
                        throw new IOException("archive entry escapes the target folder: " + entry.getName());
                    }
                    if (entry.isDirectory()) {
                        Files.createDirectories(target);
                    } else {
                        Files.createDirectories(target.getParent());
                        try (InputStream in = zip.getInputStream(entry)) {
                            Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
                        }
                    }
                }
            }
            try (Stream<Path> top = Files.list(pluginPath)) {
                List<Path> dirs = top.filter(Files::isDirectory).toList();
                if (dirs.size() != 1) {
                    throw new IllegalStateException("expected one top folder in " + archive + ", found " + dirs);
                }
                return dirs.get(0);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot unpack " + archive, e);
        }
    }

    /** Deletes a folder and everything in it, if it exists. */
    static void deleteRecursively(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted((a, b) -> b.getNameCount() - a.getNameCount()).toList()) {
                Files.delete(p);
            }
        }
    }
}
