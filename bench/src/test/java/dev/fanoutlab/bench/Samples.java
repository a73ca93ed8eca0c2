package dev.fanoutlab.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The values of one figure over the rounds of a bench run: min, median and max.
 */
final class Samples {

	private final List<Double> values = new ArrayList<>();

	synchronized void add(double value) {
		this.values.add(value);
	}

	synchronized List<Double> values() {
		return List.copyOf(this.values);
	}

	synchronized boolean isEmpty() {
		return this.values.isEmpty();
	}

	synchronized double min() {
		return sorted().get(0);
	}

	synchronized double max() {
		List<Double> sorted = sorted();
		return sorted.get(sorted.size() - 1);
	}

	synchronized double median() {
		List<Double> sorted = sorted();
		int size = sorted.size();
		return (size % 2 == 1) ? sorted.get(size / 2) : (sorted.get(size / 2 - 1) + sorted.get(size / 2)) / 2;
	}

	/**
	 * As {@code median (min–max)}, or {@code -} with no values.
	 * @param format the format of one value, such as {@code %.2f}
	 * @return the text
	 */
	String format(String format) {
		if (isEmpty()) {
			return "-";
		}
		if (values().size() == 1) {
			return String.format(Locale.ROOT, format, median());
		}
		return String.format(Locale.ROOT, format + " (" + format + "–" + format + ")", median(), min(), max());
	}

	private List<Double> sorted() {
		if (this.values.isEmpty()) {
			throw new IllegalStateException("No samples");
		}
		List<Double> sorted = new ArrayList<>(this.values);
		sorted.sort(Double::compare);
		return sorted;
	}

}
