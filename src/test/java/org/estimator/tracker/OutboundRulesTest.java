package org.estimator.tracker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.UnknownHostException;

import org.junit.jupiter.api.Test;

/** The rules of outbound calls that need no server: which addresses are public, waits, settings. */
class OutboundRulesTest {

    private static boolean isPublic(String address) throws UnknownHostException {
        return Outbound.isPublic(InetAddress.getByName(address));
    }

    @Test
    void onlyPublicAddressesArePublic() throws UnknownHostException {
        assertThat(isPublic("140.82.112.3")).isTrue(); // github.com
        assertThat(isPublic("2606:4700::6810:84e5")).isTrue();
        for (String inside : new String[]{"127.0.0.1", "10.0.0.8", "172.16.5.4", "192.168.1.1", "169.254.169.254",
                "0.0.0.0", "100.64.0.1", "198.18.0.1", "224.0.0.1", "255.255.255.255", "::1", "::", "fe80::1",
                "fd00::1", "fc00::1", "::ffff:10.0.0.1", "64:ff9b::a9fe:a9fe"}) {
            assertThat(isPublic(inside)).as(inside).isFalse();
        }
        assertThat(isPublic("::ffff:140.82.112.3")).isTrue();
    }

    @Test
    void theBackoffDoublesUpToAnHourAndWaitsAtLeastWhatTheTrackerAsks() {
        assertThat(WriteBacks.delay(1, 0)).isEqualTo(30_000);
        assertThat(WriteBacks.delay(2, 0)).isEqualTo(60_000);
        assertThat(WriteBacks.delay(4, 0)).isEqualTo(240_000);
        assertThat(WriteBacks.delay(8, 0)).isEqualTo(3_600_000);
        assertThat(WriteBacks.delay(40, 0)).isEqualTo(3_600_000);
        assertThat(WriteBacks.delay(1, 600)).isEqualTo(600_000);
    }

    @Test
    void aWrongKeyOrHostStopsStartUpWithOneLine() {
        TrackerSettings.check(null, null);
        TrackerSettings.check("q0PUyS3pX0bJxPlrG1+W0Vv+fX3i0y8x4oVe6bd3a1E=", "jira.internal, 10.0.0.5,[fd00::1]");
        assertThatThrownBy(() -> TrackerSettings.check("c2hvcnQ=", null))
                .hasMessage("ESTIMATOR_SECRET_KEY must be 32 random bytes in base64 (openssl rand -base64 32)");
        assertThatThrownBy(() -> TrackerSettings.check("not base64!", null)).hasMessageStartingWith(
                "ESTIMATOR_SECRET_KEY must be");
        assertThatThrownBy(() -> TrackerSettings.check(null, "https://jira.internal"))
                .hasMessage("ESTIMATOR_INTEGRATIONS_ALLOWED_HOSTS 'https://jira.internal' is not a host name or "
                        + "address (no scheme, port or path)");
    }

    @Test
    void jirasDocumentFormatReadsAsText() throws Exception {
        String doc = "{\"type\": \"doc\", \"content\": [{\"type\": \"heading\", \"content\": [{\"type\": \"text\", "
                + "\"text\": \"Goal\"}]}, {\"type\": \"paragraph\", \"content\": [{\"type\": \"text\", \"text\": "
                + "\"Ask \"}, {\"type\": \"mention\", \"attrs\": {\"text\": \"@Ada\"}}, {\"type\": \"hardBreak\"}, "
                + "{\"type\": \"text\", \"text\": \"today\"}]}, {\"type\": \"orderedList\", \"content\": ["
                + "{\"type\": \"listItem\", \"content\": [{\"type\": \"paragraph\", \"content\": [{\"type\": \"text\", "
                + "\"text\": \"one\"}]}]}]}, {\"type\": \"paragraph\", \"content\": [{\"type\": \"inlineCard\", "
                + "\"attrs\": {\"url\": \"https://example.org\"}}]}]}";
        assertThat(JiraApi.adf(Outbound.JSON.readTree(doc)))
                .isEqualTo("Goal\n\nAsk @Ada\ntoday\n\n- one\n\nhttps://example.org");
    }
}
