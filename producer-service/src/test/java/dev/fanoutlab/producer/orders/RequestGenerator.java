package dev.fanoutlab.producer.orders;

import java.math.BigDecimal;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * Draws test values from a {@link SplittableRandom} with a fixed seed: the same seed
 * draws the same values in the same order. Not thread-safe; draw on one thread.
 */
final class RequestGenerator {

	private final SplittableRandom random;

	RequestGenerator(long seed) {
		this.random = new SplittableRandom(seed);
	}

	/** A weighted alternative for {@link #frequency}. */
	record Choice<T>(int weight, Supplier<? extends T> supplier) {

		Choice {
			if (weight <= 0) {
				throw new IllegalArgumentException("weight must be positive: " + weight);
			}
		}

	}

	static <T> Choice<T> weight(int weight, Supplier<? extends T> supplier) {
		return new Choice<>(weight, supplier);
	}

	/** One of the alternatives, each drawn in proportion to its weight. */
	@SafeVarargs
	final <T> T frequency(Choice<? extends T>... choices) {
		int total = 0;
		for (Choice<? extends T> choice : choices) {
			total += choice.weight();
		}
		int draw = this.random.nextInt(total);
		for (Choice<? extends T> choice : choices) {
			draw -= choice.weight();
			if (draw < 0) {
				return choice.supplier().get();
			}
		}
		throw new IllegalStateException("unreachable");
	}

	/** An int in {@code [min, max]}, both included. */
	int between(int min, int max) {
		return this.random.nextInt(min, max + 1);
	}

	/** A double in {@code [min, max)}. */
	double between(double min, double max) {
		return this.random.nextDouble(min, max);
	}

	boolean bool() {
		return this.random.nextBoolean();
	}

	@SafeVarargs
	final <T> T oneOf(T... values) {
		return values[this.random.nextInt(values.length)];
	}

	<T> T oneOf(List<T> values) {
		return values.get(this.random.nextInt(values.size()));
	}

	/** A char in {@code [min, max]}, both included. */
	char charBetween(char min, char max) {
		return (char) between(min, max);
	}

	/** A string of {@code [minLength, maxLength]} characters drawn from {@code chars}. */
	String string(String chars, int minLength, int maxLength) {
		int length = between(minLength, maxLength);
		StringBuilder text = new StringBuilder(length);
		for (int i = 0; i < length; i++) {
			text.append(chars.charAt(this.random.nextInt(chars.length())));
		}
		return text.toString();
	}

	/**
	 * A string of up to {@code maxLength} chars from the whole UTF-16 range (control
	 * characters, line separators and lone surrogates included).
	 */
	String anyString(int maxLength) {
		int length = between(0, maxLength);
		StringBuilder text = new StringBuilder(length);
		for (int i = 0; i < length; i++) {
			text.append((char) this.random.nextInt(Character.MAX_VALUE + 1));
		}
		return text.toString();
	}

	/** Draws until a value passes the filter. */
	<T> T filtered(Supplier<T> draw, Predicate<? super T> filter) {
		for (int attempt = 0; attempt < 10_000; attempt++) {
			T value = draw.get();
			if (filter.test(value)) {
				return value;
			}
		}
		throw new IllegalStateException("the filter rejects (nearly) every value");
	}

	/**
	 * A decimal in {@code [0, max]} with the given scale; the number of digits is drawn
	 * first, so small and large magnitudes are equally common.
	 */
	BigDecimal decimal(BigDecimal max, int scale) {
		BigDecimal unscaledMax = max.movePointRight(scale);
		int digits = between(1, unscaledMax.toBigInteger().toString().length());
		long bound = (long) Math.min(Math.pow(10, digits), unscaledMax.longValueExact() + 1L);
		return BigDecimal.valueOf(this.random.nextLong(bound), scale);
	}

}
