package org.estimator.tracker;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Optional;

import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.estimator.common.ApiError;
import org.estimator.config.Settings;
import org.estimator.db.DatabaseKind;
import org.estimator.db.DatabaseSettings;
import org.jboss.logging.Logger;

/**
 * Encrypts the tokens of tracker connections with the server's key (AES-256-GCM), so a copy of the
 * database alone does not give them away. The key is {@code ESTIMATOR_SECRET_KEY}, or a key file made
 * once (readable by the service's user only): {@code ESTIMATOR_SECRET_KEY_FILE}, by default
 * {@code estimator.key} next to an SQLite database. On MariaDB/PostgreSQL without either there is no
 * key: several instances must share one, so none is made up, and connections cannot be saved.
 *
 * <p>A sealed value is {@code v1.<key id>.<nonce and ciphertext>}; the key id (the start of the key's
 * SHA-256) tells a value sealed under another key from a damaged one. The context (the group) is
 * bound into the ciphertext: a value copied to another group's row does not open there.
 */
@ApplicationScoped
class SecretBox {

    private static final Logger LOG = Logger.getLogger(SecretBox.class);
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final int NONCE = 12;
    private static final String NO_KEY = "Tracker connections need the server's key: set ESTIMATOR_SECRET_KEY "
            + "(the same on every instance) or ESTIMATOR_SECRET_KEY_FILE";

    private final Optional<String> configured;
    private final Path file;
    private volatile Key key;

    private record Key(SecretKey secret, String id) {
    }

    SecretBox(Settings settings,
            @ConfigProperty(name = "quarkus.datasource.\"sqlite\".jdbc.url") Optional<String> sqliteUrl) {
        this.configured = settings.integrations().secretKey().map(String::strip).filter(s -> !s.isEmpty());
        Optional<String> keyFile = settings.integrations().secretKeyFile().filter(s -> !s.isBlank());
        if (keyFile.isPresent()) {
            this.file = Path.of(keyFile.get().strip());
        } else if (settings.db().kind().equals(DatabaseKind.SQLITE.unit) && sqliteUrl.isPresent()) {
            String db = new DatabaseSettings(DatabaseKind.SQLITE, sqliteUrl.get(), null, null).sqliteFile();
            Path parent = Path.of(db).toAbsolutePath().getParent();
            this.file = parent == null ? Path.of("estimator.key") : parent.resolve("estimator.key");
        } else {
            this.file = null;
        }
    }

    /** Whether a token can be sealed here (a key is set, or a key file can be made). */
    boolean available() {
        return configured.isPresent() || file != null;
    }

    String seal(String plain, String context) {
        Key k = key();
        try {
            byte[] nonce = new byte[NONCE];
            RANDOM.nextBytes(nonce);
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, k.secret(), new GCMParameterSpec(128, nonce));
            cipher.updateAAD(context.getBytes(StandardCharsets.UTF_8));
            byte[] sealed = cipher.doFinal(plain.getBytes(StandardCharsets.UTF_8));
            byte[] out = ByteBuffer.allocate(NONCE + sealed.length).put(nonce).put(sealed).array();
            return "v1." + k.id() + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(out);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is not available", e);
        }
    }

    /** The token sealed for {@code context}; 409 when it was sealed under another key or does not open. */
    String open(String sealed, String context) {
        Key k = key();
        String[] parts = sealed.split("\\.");
        if (parts.length != 3 || !parts[0].equals("v1")) {
            throw unreadable();
        }
        if (!parts[1].equals(k.id())) {
            throw ApiError.conflict("The tracker's token was saved under another server key (ESTIMATOR_SECRET_KEY "
                    + "changed?): save the connection again with its token");
        }
        try {
            byte[] in = Base64.getUrlDecoder().decode(parts[2]);
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, k.secret(), new GCMParameterSpec(128, in, 0, NONCE));
            cipher.updateAAD(context.getBytes(StandardCharsets.UTF_8));
            return new String(cipher.doFinal(in, NONCE, in.length - NONCE), StandardCharsets.UTF_8);
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw unreadable();
        }
    }

    private static ApiError unreadable() {
        return ApiError.conflict("The tracker's token cannot be read: save the connection again with its token");
    }

    private Key key() {
        Key k = key;
        if (k == null) {
            synchronized (this) {
                if (key == null) {
                    key = load();
                }
                k = key;
            }
        }
        return k;
    }

    private Key load() {
        if (configured.isPresent()) {
            return of(Base64.getDecoder().decode(configured.get()));
        }
        if (file == null) {
            throw ApiError.conflict(NO_KEY);
        }
        try {
            return of(readOrCreate(file));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read or create the key file " + file, e);
        }
    }

    /**
     * Reads the key file, or makes it with a new key, readable by its owner only. The new key is written
     * to a file of its own first and linked into place, so another instance (or thread) starting at the
     * same moment reads either no file or the whole key, and the first link wins.
     */
    private static byte[] readOrCreate(Path file) throws IOException {
        if (!Files.exists(file)) {
            Path dir = file.toAbsolutePath().getParent();
            Files.createDirectories(dir);
            byte[] fresh = new byte[32];
            RANDOM.nextBytes(fresh);
            Path draft;
            try {
                draft = Files.createTempFile(dir, "estimator-key", ".tmp",
                        PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            } catch (UnsupportedOperationException e) {
                draft = Files.createTempFile(dir, "estimator-key", ".tmp");
            }
            try {
                Files.writeString(draft, Base64.getEncoder().encodeToString(fresh) + "\n");
                Files.createLink(file, draft);
                LOG.infof("Created the key that encrypts tracker tokens: %s (keep it with the database's backups)",
                        file);
                return fresh;
            } catch (FileAlreadyExistsException e) {
                // made meanwhile by another instance or thread: read theirs
            } finally {
                Files.deleteIfExists(draft);
            }
        }
        String text = Files.readString(file).strip();
        byte[] bytes;
        try {
            bytes = Base64.getDecoder().decode(text);
        } catch (IllegalArgumentException e) {
            bytes = new byte[0];
        }
        if (bytes.length != 32) {
            throw new IllegalStateException("The key file " + file + " does not hold 32 bytes in base64");
        }
        return bytes;
    }

    private static Key of(byte[] bytes) {
        try {
            String id = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes)).substring(0, 8);
            return new Key(new SecretKeySpec(bytes, "AES"), id);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
