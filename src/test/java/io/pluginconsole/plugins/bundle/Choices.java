package io.pluginconsole.plugins.bundle;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import java.util.SplittableRandom;

/**
 * Where a generated test bundle takes its decisions from: the fuzzer's input while fuzzing, or a
 * fixed-seed random source in the ordinary test run, so both drive the same generator.
 */
interface Choices {
    /** A number from 0 to {@code bound - 1}. */
    int pick(int bound);

    boolean flag();

    String text(int maxLength);

    byte[] bytes(int maxLength);

    static Choices seeded(long seed) {
        return new Seeded(new SplittableRandom(seed));
    }

    static Choices fuzzed(FuzzedDataProvider data) {
        return new Fuzzed(data);
    }

    record Seeded(SplittableRandom random) implements Choices {
        @Override
        public int pick(int bound) {
            return random.nextInt(bound);
        }

        @Override
        public boolean flag() {
            return random.nextBoolean();
        }

        /** Any UTF-16 code unit, lone surrogates included, as a hostile archive may carry. */
        @Override
        public String text(int maxLength) {
            char[] chars = new char[random.nextInt(maxLength + 1)];
            for (int i = 0; i < chars.length; i++) {
                chars[i] = (char) (random.nextBoolean() ? random.nextInt(0x80) : random.nextInt(0x10000));
            }
            return new String(chars);
        }

        @Override
        public byte[] bytes(int maxLength) {
            byte[] bytes = new byte[random.nextInt(maxLength + 1)];
            random.nextBytes(bytes);
            return bytes;
        }
    }

    record Fuzzed(FuzzedDataProvider data) implements Choices {
        @Override
        public int pick(int bound) {
            return data.consumeInt(0, bound - 1);
        }

        @Override
        public boolean flag() {
            return data.consumeBoolean();
        }

        @Override
        public String text(int maxLength) {
            return data.consumeString(maxLength);
        }

        /** Taken from the front of the input, so the fuzzer mutates these bytes directly. */
        @Override
        public byte[] bytes(int maxLength) {
            return data.consumeBytes(maxLength);
        }
    }
}
