package org.estimator.group;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.IntStream;

import com.fasterxml.jackson.databind.JsonNode;
import org.estimator.common.ApiError;
import org.estimator.common.Texts;

/**
 * The cards a group estimates with. Each card has a label and, where it means a size, a number
 * used for the statistics ("?" and "coffee" have none). T-shirt sizes count as 1 (XS) to 6 (XXL).
 */
public final class Deck {

    public enum Kind {
        INTEGERS, FIBONACCI, MODIFIED_FIBONACCI, TSHIRT, POWERS_OF_TWO, CUSTOM
    }

    public record Card(String label, Double value) {
    }

    /** The original's suggestion scale, also used for the whole-number deck (where every number is a card). */
    static final List<Integer> ORIGINAL_FIBONACCI = List.of(1, 2, 3, 5, 8, 13, 21, 34, 55, 89, 100);
    static final int MAX_CUSTOM_CARDS = 30;

    private final Kind kind;
    private final List<Card> cards;

    private Deck(Kind kind, List<Card> cards) {
        this.kind = kind;
        this.cards = List.copyOf(cards);
    }

    /**
     * The predefined decks, built once: a group's deck is asked for on every card given (whole numbers
     * are 100 cards), and the decks never change.
     */
    private static final Map<Kind, Deck> PREDEFINED = predefined();

    public static Deck of(String kind, String custom) {
        Kind k = Kind.valueOf(kind);
        return k == Kind.CUSTOM
                ? new Deck(k, List.of(custom.split(",")).stream().map(Deck::customCard).toList())
                : PREDEFINED.get(k);
    }

    private static Map<Kind, Deck> predefined() {
        Map<Kind, Deck> decks = new EnumMap<>(Kind.class);
        decks.put(Kind.INTEGERS, new Deck(Kind.INTEGERS,
                IntStream.rangeClosed(1, 100).mapToObj(i -> numeric(Integer.toString(i), i)).toList()));
        decks.put(Kind.FIBONACCI, new Deck(Kind.FIBONACCI,
                ORIGINAL_FIBONACCI.stream().map(i -> numeric(Integer.toString(i), i)).toList()));
        decks.put(Kind.MODIFIED_FIBONACCI, new Deck(Kind.MODIFIED_FIBONACCI, List.of(numeric("0", 0),
                numeric("½", 0.5), numeric("1", 1), numeric("2", 2), numeric("3", 3), numeric("5", 5),
                numeric("8", 8), numeric("13", 13), numeric("20", 20), numeric("40", 40), numeric("100", 100),
                new Card("?", null), new Card("coffee", null))));
        decks.put(Kind.TSHIRT, new Deck(Kind.TSHIRT, List.of(numeric("XS", 1), numeric("S", 2), numeric("M", 3),
                numeric("L", 4), numeric("XL", 5), numeric("XXL", 6))));
        decks.put(Kind.POWERS_OF_TWO, new Deck(Kind.POWERS_OF_TWO,
                IntStream.rangeClosed(0, 6).mapToObj(i -> numeric(Integer.toString(1 << i), 1 << i)).toList()));
        return decks;
    }

    /**
     * Checks a deck choice from a client: a known kind, and for CUSTOM 2..30 distinct cards of
     * 1..16 characters without commas. Returns the custom cards as stored (comma-separated), or null.
     */
    public static String checkChoice(String kind, List<String> customCards) {
        Kind k;
        try {
            k = Kind.valueOf(kind == null ? "" : kind.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw ApiError.invalid(
                    "deck must be one of INTEGERS, FIBONACCI, MODIFIED_FIBONACCI, TSHIRT, POWERS_OF_TWO, CUSTOM");
        }
        if (k != Kind.CUSTOM) {
            if (customCards != null && !customCards.isEmpty()) {
                throw ApiError.invalid("cards are only given with the CUSTOM deck");
            }
            return null;
        }
        if (customCards == null || customCards.size() < 2 || customCards.size() > MAX_CUSTOM_CARDS) {
            throw ApiError.invalid("a CUSTOM deck needs 2 to " + MAX_CUSTOM_CARDS + " cards");
        }
        LinkedHashSet<String> labels = new LinkedHashSet<>();
        for (String c : customCards) {
            String label = Texts.name("card", c, 16);
            if (label.contains(",")) {
                throw ApiError.invalid("card must not contain a comma");
            }
            if (!labels.add(label)) {
                throw ApiError.invalid("cards must be distinct: '" + label + "' appears twice");
            }
        }
        return String.join(",", labels);
    }

    private static Card numeric(String label, double value) {
        return new Card(label, value);
    }

    private static Card customCard(String label) {
        Double value = parse(label);
        return new Card(label, value);
    }

    private static Double parse(String text) {
        String t = text.strip().replace("½", "0.5");
        try {
            double d = Double.parseDouble(t);
            return Double.isFinite(d) ? d : null;
        } catch (NumberFormatException e) {
            return null;
        }
    }

    public Kind kind() {
        return kind;
    }

    public List<Card> cards() {
        return cards;
    }

    public List<String> labels() {
        return cards.stream().map(Card::label).toList();
    }

    /** The card a client's value names (a label, or a number equal to a card's value), or 400 naming the deck. */
    public Card card(JsonNode value) {
        Optional<Card> card = Optional.empty();
        if (value != null && value.isNumber()) {
            double d = value.doubleValue();
            card = cards.stream().filter(c -> c.value() != null && c.value() == d && !isTshirt()).findFirst();
        } else if (value != null && value.isTextual()) {
            String text = value.textValue().strip();
            card = cards.stream().filter(c -> c.label().equalsIgnoreCase(text)).findFirst();
            Double d = parse(text);
            if (card.isEmpty() && d != null && !isTshirt()) {
                card = cards.stream().filter(c -> c.value() != null && c.value().doubleValue() == d).findFirst();
            }
        }
        return card.orElseThrow(() -> ApiError.invalid("value must be " + describe()));
    }

    /** The card with exactly that stored label. */
    public Optional<Card> byLabel(String label) {
        return cards.stream().filter(c -> c.label().equals(label)).findFirst();
    }

    private boolean isTshirt() {
        return kind == Kind.TSHIRT;
    }

    /** The allowed values, for error messages. */
    public String describe() {
        if (kind == Kind.INTEGERS) {
            return "a whole number from 1 to 100";
        }
        return "one of: " + String.join(", ", labels());
    }

    /**
     * The numeric cards a suggestion may be, in order. For the whole-number deck this is the
     * original's Fibonacci scale, since every number would be its own nearest card.
     */
    public List<Card> suggestionScale() {
        if (kind == Kind.INTEGERS) {
            List<Card> scale = new ArrayList<>();
            for (int i : ORIGINAL_FIBONACCI) {
                scale.add(cards.get(i - 1));
            }
            return scale;
        }
        return cards.stream().filter(c -> c.value() != null).toList();
    }
}
