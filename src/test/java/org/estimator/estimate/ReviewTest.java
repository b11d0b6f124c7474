package org.estimator.estimate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import org.estimator.common.ApiError;
import org.estimator.group.Deck;
import org.junit.jupiter.api.Test;

class ReviewTest {

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    @Test
    void theOriginalsExampleAverages20AndSuggests21NotTheFirstCardAbove() {
        Review r = Review.of(Deck.of("INTEGERS", null), List.of("25", "15"));
        assertThat(r.average()).isEqualTo(20.0);
        assertThat(r.nearestInteger()).isEqualTo(20);
        assertThat(r.suggested()).isEqualTo("21");
        assertThat(r.median()).isEqualTo(20.0);
    }

    @Test
    void theSuggestionIsTheNearestCardAndATieGoesToTheLargerCard() {
        Deck fib = Deck.of("FIBONACCI", null);
        assertThat(Review.nearest(fib, 4.0)).isEqualTo("5"); // 3 and 5 are both 1 away
        assertThat(Review.nearest(fib, 10.4)).isEqualTo("8");
        assertThat(Review.nearest(fib, 10.5)).isEqualTo("13"); // 8 and 13 are 2.5 away
        assertThat(Review.nearest(fib, 95)).isEqualTo("100");
        assertThat(Review.nearest(fib, 0.2)).isEqualTo("1");
    }

    @Test
    void nonNumericCardsAreCountedButLeftOutOfTheStatistics() {
        Review r = Review.of(Deck.of("MODIFIED_FIBONACCI", null), List.of("?", "coffee", "½", "2", "?"));
        assertThat(r.count()).isEqualTo(5);
        assertThat(r.average()).isEqualTo(1.25);
        assertThat(r.min()).isEqualTo(0.5);
        assertThat(r.max()).isEqualTo(2.0);
        assertThat(r.suggested()).isEqualTo("1");
        assertThat(r.distribution()).containsExactly(java.util.Map.entry("½", 1), java.util.Map.entry("2", 1),
                java.util.Map.entry("?", 2), java.util.Map.entry("coffee", 1));
        assertThat(r.consensus()).isFalse();
    }

    @Test
    void onlyNonNumericCardsGiveNoStatistics() {
        Review r = Review.of(Deck.of("MODIFIED_FIBONACCI", null), List.of("?", "?"));
        assertThat(r.average()).isNull();
        assertThat(r.suggested()).isNull();
        assertThat(r.consensus()).isTrue();
    }

    @Test
    void tShirtSizesAverageAsOneToSix() {
        Review r = Review.of(Deck.of("TSHIRT", null), List.of("S", "L", "XL"));
        assertThat(r.average()).isEqualTo(3.67);
        assertThat(r.suggested()).isEqualTo("L");
        assertThat(r.median()).isEqualTo(4.0);
    }

    @Test
    void cardsAreMatchedByLabelOrByNumber() {
        Deck modified = Deck.of("MODIFIED_FIBONACCI", null);
        assertThat(modified.card(JSON.numberNode(0.5)).label()).isEqualTo("½");
        assertThat(modified.card(JSON.textNode("0.5")).label()).isEqualTo("½");
        assertThat(modified.card(JSON.textNode("Coffee")).label()).isEqualTo("coffee");
        assertThat(Deck.of("TSHIRT", null).card(JSON.textNode("xl")).label()).isEqualTo("XL");
        assertThatThrownBy(() -> Deck.of("TSHIRT", null).card(JSON.numberNode(3)))
                .isInstanceOf(ApiError.class).hasMessage("value must be one of: XS, S, M, L, XL, XXL");
        assertThatThrownBy(() -> modified.card(JSON.numberNode(4))).hasMessageContaining("one of: 0, ½, 1");
        assertThat(Deck.of("POWERS_OF_TWO", null).labels()).containsExactly("1", "2", "4", "8", "16", "32", "64");
    }

    @Test
    void customDecksAreCheckedAndKeepTheirOrder() {
        assertThat(Deck.checkChoice("custom", List.of("small", "3", "large"))).isEqualTo("small,3,large");
        Deck custom = Deck.of("CUSTOM", "small,3,large");
        assertThat(custom.suggestionScale()).extracting(Deck.Card::label).containsExactly("3");
        assertThatThrownBy(() -> Deck.checkChoice("CUSTOM", List.of("a"))).hasMessageContaining("2 to 30 cards");
        assertThatThrownBy(() -> Deck.checkChoice("CUSTOM", List.of("a", "a"))).hasMessageContaining("distinct");
        assertThatThrownBy(() -> Deck.checkChoice("CUSTOM", List.of("a,b", "c"))).hasMessageContaining("comma");
        assertThatThrownBy(() -> Deck.checkChoice("FIBONACCI", List.of("a", "b")))
                .hasMessageContaining("only given with");
        assertThatThrownBy(() -> Deck.checkChoice("TAROT", null)).hasMessageContaining("deck must be one of");
    }
}
