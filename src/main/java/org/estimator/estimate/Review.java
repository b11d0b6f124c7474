package org.estimator.estimate;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonInclude;
import org.estimator.group.Deck;

/**
 * The aggregate of a round: never who gave what (except {@code votes}, filled only in open mode
 * after the reveal). Cards without a number ("?", "coffee") are counted and shown in the
 * distribution but left out of the statistics.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Review(int count, Double average, Long nearestInteger, String suggested, Double median, Double min,
        Double max, Map<String, Integer> distribution, boolean consensus, List<Vote> votes) {

    public record Vote(String nickname, String value) {
    }

    static Review of(Deck deck, List<String> cards) {
        // One pass over the cards (this runs for every card given, on SQLite in the one writer's
        // transaction): the counts in the order the cards first came, then in the deck's order.
        Map<String, Integer> counts = new LinkedHashMap<>();
        for (String c : cards) {
            counts.merge(c, 1, Integer::sum);
        }
        Map<String, Integer> distribution = new LinkedHashMap<>();
        List<Double> numbers = new ArrayList<>(cards.size());
        for (Deck.Card card : deck.cards()) {
            Integer n = counts.remove(card.label());
            if (n != null) {
                distribution.put(card.label(), n);
                for (int i = 0; card.value() != null && i < n; i++) {
                    numbers.add(card.value());
                }
            }
        }
        // Cards given with a deck that has since changed still count in the distribution.
        distribution.putAll(counts);
        numbers.sort(Comparator.naturalOrder());
        boolean consensus = cards.size() >= 2 && cards.stream().distinct().count() == 1;
        if (numbers.isEmpty()) {
            return new Review(cards.size(), null, null, null, null, null, null, distribution, consensus, null);
        }
        double average = numbers.stream().mapToDouble(Double::doubleValue).sum() / numbers.size();
        int n = numbers.size();
        double median = n % 2 == 1 ? numbers.get(n / 2) : (numbers.get(n / 2 - 1) + numbers.get(n / 2)) / 2;
        return new Review(cards.size(), round(average), (long) Math.floor(average + 0.5), nearest(deck, average),
                median, numbers.get(0), numbers.get(n - 1), distribution, consensus, null);
    }

    /** The card of the deck's scale nearest to the value; a tie goes to the larger card. */
    static String nearest(Deck deck, double value) {
        Deck.Card best = null;
        for (Deck.Card card : deck.suggestionScale()) {
            double distance = Math.abs(card.value() - value);
            if (best == null || distance < Math.abs(best.value() - value) - 1e-9
                    || (Math.abs(distance - Math.abs(best.value() - value)) <= 1e-9 && card.value() > best.value())) {
                best = card;
            }
        }
        return best == null ? null : best.label();
    }

    Review withVotes(List<Vote> votes) {
        return new Review(count, average, nearestInteger, suggested, median, min, max, distribution, consensus, votes);
    }

    private static double round(double d) {
        return Math.round(d * 100) / 100.0;
    }
}
