package org.estimator.issue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;

import org.estimator.support.TestFiles;
import org.junit.jupiter.api.Test;

/** The trackers' export files (src/test/resources/import, made after their documented formats). */
class ImportFileTest {

    static String file(String name) {
        return TestFiles.text("import/" + name);
    }

    private static List<IssueService.Incoming> read(String name, ImportFile.Format format, String site) {
        return ImportFile.read(file(name), format, site);
    }

    @Test
    void aJiraCloudExportGivesKeysSummariesWithTheirMultiLineDescriptionsAndStoryPoints() {
        List<IssueService.Incoming> issues = read("jira-cloud.csv", ImportFile.Format.AUTO,
                "https://example.atlassian.net/");
        assertThat(issues).extracting(i -> i.draft().storyRef()).containsExactly("SHOP-101", "SHOP-102", "SHOP-103");
        IssueService.Draft first = issues.get(0).draft();
        assertThat(first.description()).startsWith("Checkout with a saved card\n\nAs a returning customer")
                .contains("so that checkout takes one click.\n\nAcceptance:")
                .endsWith("\"Pay now\" asks for the CVC only");
        assertThat(first.link()).isEqualTo("https://example.atlassian.net/browse/SHOP-101");
        // A repeated column (Labels, Sprint, Comment) does not shift the others.
        assertThat(issues.get(2).draft().description()).isEqualTo("Order history, paged");
        assertThat(issues).extracting(IssueService.Incoming::estimated).containsExactly(false, true, false);
    }

    @Test
    void aJiraDataCenterExportReadsItsStoryPointsColumnAndNeedsNoSite() {
        List<IssueService.Incoming> issues = read("jira-datacenter.csv", ImportFile.Format.JIRA, null);
        assertThat(issues).extracting(i -> i.draft().storyRef()).containsExactly("OPS-7", "OPS-8");
        assertThat(issues.get(0).draft().description())
                .isEqualTo("Rotate the database credentials\n\nEvery 90 days, without downtime.\n"
                        + "Runbook: ops wiki \"Credentials\"");
        assertThat(issues.get(0).draft().link()).isNull();
        assertThat(issues).extracting(IssueService.Incoming::estimated).containsExactly(true, false);
    }

    @Test
    void aGitHubIssueListGivesNumberedReferencesLinksAndItsEstimateLabels() {
        List<IssueService.Incoming> issues = read("github.json", ImportFile.Format.AUTO, null);
        assertThat(issues).extracting(i -> i.draft().storyRef()).containsExactly("#42", "#57");
        assertThat(issues.get(0).draft().description())
                .isEqualTo("Export keeps the backlog order\n\nThe export should keep the order of the backlog.\n\n"
                        + "- [ ] CSV\n- [ ] JSON");
        assertThat(issues.get(1).draft().description()).isEqualTo("Timer stops when the tab sleeps");
        assertThat(issues.get(0).draft().link()).isEqualTo("https://github.com/example-org/example-app/issues/42");
        assertThat(issues).extracting(IssueService.Incoming::estimated).containsExactly(false, true);
    }

    @Test
    void aGitLabExportGivesIssueIdsLinksAndWeights() {
        List<IssueService.Incoming> issues = read("gitlab.csv", ImportFile.Format.AUTO, null);
        assertThat(issues).extracting(i -> i.draft().storyRef()).containsExactly("#12", "#13");
        assertThat(issues.get(0).draft().description())
                .isEqualTo("Sign in with the company account\n\nOpenID Connect, with the guest link still working.");
        assertThat(issues.get(1).draft().link()).isEqualTo("https://gitlab.example.com/team/estimator/-/issues/13");
        assertThat(issues).extracting(IssueService.Incoming::estimated).containsExactly(false, true);
    }

    @Test
    void estimatorsOwnCsvStillImportsAndItsExportComesBack() {
        assertThat(ImportFile.read("storyRef,description\nA-1,First\n", ImportFile.Format.AUTO, null))
                .extracting(i -> i.draft().storyRef()).containsExactly("A-1");
        List<IssueService.Incoming> back = ImportFile.read("storyRef,description,state,finalEstimate,link\r\n"
                + "A-1,First,LOCKED,8,https://example.org/a1\r\nA-2,Second,OPEN,,\r\n", ImportFile.Format.AUTO, null);
        assertThat(back).extracting(i -> i.draft().link()).containsExactly("https://example.org/a1", null);
        assertThat(back).extracting(IssueService.Incoming::estimated).containsExactly(true, false);
    }

    @Test
    void aLongTrackerTextIsCutToTheDescriptionsLimitAndStrayControlCharactersGo() {
        String body = "x".repeat(3000);
        List<IssueService.Incoming> issues = ImportFile.read(
                "[{\"number\": 1, \"title\": \"Long\\u0007 one\\u202e\", \"body\": \"" + body + "\"}]",
                ImportFile.Format.GITHUB, null);
        String description = issues.get(0).draft().description();
        assertThat(description.codePointCount(0, description.length())).isEqualTo(IssueService.DESCRIPTION_MAX);
        assertThat(description).startsWith("Long one\n\nxxx").endsWith("x\u2026");
    }

    @Test
    void aBadRowRefusesTheFileNamingIt() {
        assertThatThrownBy(() -> ImportFile.read("Issue key,Summary\nA-1,ok\n,no key\n", ImportFile.Format.AUTO, null))
                .hasMessage("Row 3: storyRef must not be blank");
        assertThatThrownBy(() -> ImportFile.read("Issue key,Summary\nA-1,\n", ImportFile.Format.AUTO, null))
                .hasMessage("Row 2: the Summary is blank");
        assertThatThrownBy(() -> ImportFile.read("Issue key,Summary\nA-1,x\nA-1,y\n", ImportFile.Format.AUTO, null))
                .hasMessage("Row 3: A-1 is in the file twice (first in row 2)");
        assertThatThrownBy(() -> ImportFile.read("Issue key,Summary\nA-1,x,extra\n", ImportFile.Format.AUTO, null))
                .hasMessage("Row 2: expected 2 fields, found 3");
        assertThatThrownBy(() -> ImportFile.read("[{\"title\": \"no number\"}]", ImportFile.Format.AUTO, null))
                .hasMessage("Item 1: an issue needs its number");
        assertThatThrownBy(() -> ImportFile.read("[{\"number\": 1,", ImportFile.Format.AUTO, null))
                .hasMessageStartingWith("The file is not valid JSON (line 1");
        assertThatThrownBy(() -> ImportFile.read("{\"number\": 1}", ImportFile.Format.GITHUB, null))
                .hasMessage("A GitHub issue list is a JSON array of issues");
        assertThatThrownBy(() -> ImportFile.read("storyRef,description,link\nA,b,javascript:alert(1)\n",
                ImportFile.Format.AUTO, null)).hasMessage("Row 2: link must be an http or https address");
    }

    @Test
    void aFormatNamedOrToldFromTheHeaderMustMatchTheFile() {
        assertThatThrownBy(() -> ImportFile.read(file("gitlab.csv"), ImportFile.Format.JIRA, null))
                .hasMessage("Row 1: a Jira CSV export has a column Issue key; this file has none");
        assertThatThrownBy(() -> ImportFile.read("Key,Title\nA,b\n", ImportFile.Format.AUTO, null))
                .hasMessageStartingWith("Row 1: the header must be storyRef,description (Estimator's CSV), or");
        assertThatThrownBy(() -> ImportFile.Format.of("trello"))
                .hasMessage("format must be auto, estimator, jira, github or gitlab");
        assertThatThrownBy(() -> ImportFile.read(file("jira-cloud.csv"), ImportFile.Format.AUTO, "ftp://jira"))
                .hasMessage("site must be an http or https address");
    }
}
