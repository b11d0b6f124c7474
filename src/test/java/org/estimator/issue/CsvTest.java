package org.estimator.issue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;

import org.junit.jupiter.api.Test;

class CsvTest {

    @Test
    void parsesQuotedFieldsWithCommasQuotesAndLineBreaks() {
        assertThat(Csv.parse("a,b\r\n\"x, y\",\"say \"\"hi\"\"\nthere\"\n\nlast,\n"))
                .containsExactly(List.of("a", "b"), List.of("x, y", "say \"hi\"\nthere"), List.of("last", ""));
    }

    @Test
    void anUnclosedQuoteNamesItsRow() {
        assertThatThrownBy(() -> Csv.parse("a,b\nc,\"open")).hasMessage("Row 2: a quoted field is not closed");
    }

    @Test
    void exportQuotesWhatNeedsItAndDefusesFormulas() {
        assertThat(Csv.field("plain")).isEqualTo("plain");
        assertThat(Csv.field("a,b")).isEqualTo("\"a,b\"");
        assertThat(Csv.field("=HYPERLINK(\"x\")")).isEqualTo("\"'=HYPERLINK(\"\"x\"\")\"");
        assertThat(Csv.field("-5")).isEqualTo("\"'-5\"");
        assertThat(Csv.field(null)).isEmpty();
    }
}
