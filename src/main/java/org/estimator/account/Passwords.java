package org.estimator.account;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.concurrent.Semaphore;

import jakarta.enterprise.context.ApplicationScoped;

import org.bouncycastle.crypto.generators.Argon2BytesGenerator;
import org.bouncycastle.crypto.params.Argon2Parameters;

/**
 * Argon2id password hashes in the PHC string format, at OWASP's minimum parameters
 * (19 MiB memory, 2 iterations, 1 lane).
 */
@ApplicationScoped
public class Passwords {

    static final int MEMORY_KIB = 19 * 1024;
    static final int ITERATIONS = 2;
    static final int PARALLELISM = 1;
    private static final int SALT_BYTES = 16;
    private static final int HASH_BYTES = 32;
    private static final Base64.Encoder B64 = Base64.getEncoder().withoutPadding();
    private static final Base64.Decoder B64D = Base64.getDecoder();

    private final SecureRandom random = new SecureRandom();

    /**
     * Each hash takes 19 MiB of heap and most of a core for a while; a burst of sign-ins must queue
     * here rather than exhaust the heap or starve every other request.
     */
    private final Semaphore hashing = new Semaphore(Math.max(2, Runtime.getRuntime().availableProcessors()), true);

    /** A hash of a password that nobody knows, compared against when an email is unknown so both take as long. */
    private final String decoy = hash("decoy-" + System.nanoTime());

    public String hash(String password) {
        byte[] salt = new byte[SALT_BYTES];
        random.nextBytes(salt);
        byte[] out = derive(password, salt, MEMORY_KIB, ITERATIONS, PARALLELISM, HASH_BYTES);
        return "$argon2id$v=19$m=" + MEMORY_KIB + ",t=" + ITERATIONS + ",p=" + PARALLELISM
                + "$" + B64.encodeToString(salt) + "$" + B64.encodeToString(out);
    }

    /**
     * Whether the password matches. A null hash (guest, system account) never matches, and neither
     * does a stored hash that is malformed or asks for absurd parameters: it fails closed, after the
     * time of a real check, instead of throwing (or allocating what a corrupt row asks for).
     */
    public boolean matches(String password, String encoded) {
        Stored stored = encoded == null ? null : Stored.parse(encoded);
        if (stored == null) {
            waste(password);
            return false;
        }
        byte[] actual = derive(password, stored.salt, stored.memoryKib, stored.iterations, stored.lanes,
                stored.hash.length);
        return MessageDigest.isEqual(stored.hash, actual);
    }

    /** A PHC string's parts, within the bounds this class would ever write (null otherwise). */
    private record Stored(int memoryKib, int iterations, int lanes, byte[] salt, byte[] hash) {

        static Stored parse(String encoded) {
            String[] parts = encoded.split("\\$");
            if (parts.length != 6 || !parts[1].equals("argon2id") || !parts[2].equals("v=19")) {
                return null;
            }
            int m = -1;
            int t = -1;
            int p = -1;
            try {
                for (String kv : parts[3].split(",")) {
                    if (kv.length() < 3 || kv.charAt(1) != '=') {
                        return null;
                    }
                    int value = Integer.parseInt(kv.substring(2));
                    switch (kv.charAt(0)) {
                        case 'm' -> m = value;
                        case 't' -> t = value;
                        case 'p' -> p = value;
                        default -> {
                            return null;
                        }
                    }
                }
                byte[] salt = B64D.decode(parts[4]);
                byte[] hash = B64D.decode(parts[5]);
                boolean sane = m >= 8 && m <= 256 * 1024 && t >= 1 && t <= 16 && p >= 1 && p <= 8
                        && salt.length >= 8 && salt.length <= 64 && hash.length >= 16 && hash.length <= 64;
                return sane ? new Stored(m, t, p, salt, hash) : null;
            } catch (IllegalArgumentException e) { // NumberFormatException and bad Base64 alike
                return null;
            }
        }
    }

    /** Spends the time of a real check, so an unknown email cannot be told from a wrong password. */
    public void waste(String password) {
        matches(password, decoy);
    }

    private byte[] derive(String password, byte[] salt, int memoryKib, int iterations, int lanes, int length) {
        hashing.acquireUninterruptibly();
        try {
            return argon2(password, salt, memoryKib, iterations, lanes, length);
        } finally {
            hashing.release();
        }
    }

    private static byte[] argon2(String password, byte[] salt, int memoryKib, int iterations, int lanes, int length) {
        Argon2Parameters params = new Argon2Parameters.Builder(Argon2Parameters.ARGON2_id)
                .withVersion(Argon2Parameters.ARGON2_VERSION_13)
                .withSalt(salt)
                .withMemoryAsKB(memoryKib)
                .withIterations(iterations)
                .withParallelism(lanes)
                .build();
        Argon2BytesGenerator generator = new Argon2BytesGenerator();
        generator.init(params);
        byte[] out = new byte[length];
        generator.generateBytes(password.getBytes(StandardCharsets.UTF_8), out);
        return out;
    }
}
