package org.estimator.issue;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.estimator.common.ApiError;
import org.estimator.common.Texts;

/**
 * The files an import reads: Estimator's own CSV, and the files trackers export, so a backlog comes
 * in without network or credentials. Each row becomes a draft (story reference = the tracker's key,
 * a link to the original where the file or the Jira site gives one); one bad row refuses the whole
 * file, naming the row. The formats follow the trackers' documentation:
 * <ul>
 * <li>Jira's CSV export: columns by header name ({@code Issue key}, {@code Summary},
 * {@code Description}, the story points as {@code Story Points} or {@code Story point estimate}, also
 * as Jira Cloud names them, {@code Custom field (Story Points)}); Jira repeats some names (Labels,
 * Sprint, Comment…), the first one counts. Jira gives no address, so the link is built from the
 * site's address when one is given.</li>
 * <li>GitHub's issue list as JSON, the shape of {@code gh issue list --json number,title,body,url,labels};
 * a label {@code estimate: <value>} (what Estimator writes back) is the issue's estimate.</li>
 * <li>GitLab's issues CSV export ({@code Issue ID}, {@code URL}, {@code Title}, {@code Description},
 * {@code Weight}).</li>
 * </ul>
 */
final class ImportFile {

    /** A file's format; AUTO tells it from the file's first character and header. */
    enum Format {

        AUTO, ESTIMATOR, JIRA, GITHUB, GITLAB;

        static Format of(String name) {
            if (name == null || name.isBlank()) {
                return AUTO;
            }
            try {
                return valueOf(name.strip().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw ApiError.invalid("format must be auto, estimator, jira, github or gitlab");
            }
        }
    }

    /** The names Jira gives its story-point columns, in its CSV exports (Cloud prefixes custom fields). */
    private static final List<String> JIRA_POINTS = List.of("Story Points", "Story point estimate",
            "Custom field (Story Points)", "Custom field (Story point estimate)");

    private static final ObjectMapper JSON = new ObjectMapper();

    private ImportFile() {
    }

    /**
     * The issues of the file, in its order, each checked (one bad row refuses the file, naming it);
     * {@code site} is a Jira site's address (or null).
     */
    static List<IssueService.Incoming> read(String file, Format format, String site) {
        String text = file.replace("\uFEFF", "");
        String jiraSite = site == null || site.isBlank() ? null : Texts.link("site", site).replaceAll("/+$", "");
        Format f = format;
        if (f == Format.AUTO && text.stripLeading().startsWith("[")) {
            f = Format.GITHUB;
        }
        List<Row> rows = f == Format.GITHUB ? github(text) : csv(text, f, jiraSite);
        if (rows.isEmpty()) {
            throw ApiError.invalid(
                    f == Format.GITHUB ? "The file lists no issues" : "The file has no issues after its header");
        }
        Map<String, String> seen = new HashMap<>();
        List<IssueService.Incoming> entries = new ArrayList<>();
        for (Row row : rows) {
            IssueService.Draft checked;
            try {
                checked = row.entry().draft().checked();
            } catch (ApiError e) {
                throw ApiError.invalid(row.where() + ": " + e.getMessage());
            }
            String first = seen.putIfAbsent(checked.storyRef(), row.where());
            if (first != null) {
                throw ApiError.invalid(row.where() + ": " + checked.storyRef() + " is in the file twice (first in "
                        + first.toLowerCase(Locale.ROOT) + ")");
            }
            entries.add(row.entry());
        }
        return entries;
    }

    /** A row of the file, and where it is ("Row 3", "Item 2") for its errors. */
    private record Row(String where, IssueService.Incoming entry) {
    }

    private static List<Row> csv(String text, Format format, String jiraSite) {
        List<List<String>> rows = Csv.parse(text);
        if (rows.isEmpty()) {
            throw ApiError.invalid("The file is empty");
        }
        Header header = new Header(rows.get(0));
        Format f = format == Format.AUTO ? header.format() : format;
        header.require(f);
        List<Row> out = new ArrayList<>();
        for (int i = 1; i < rows.size(); i++) {
            List<String> fields = rows.get(i);
            String where = "Row " + (i + 1);
            if (f == Format.ESTIMATOR ? fields.size() != header.size() : fields.size() > header.size()) {
                throw ApiError.invalid(where + ": expected " + header.size() + " fields, found " + fields.size());
            }
            out.add(new Row(where, switch (f) {
                case JIRA -> {
                    String key = header.get(fields, "Issue key");
                    yield new IssueService.Incoming(draft(where, "Summary", key, header.get(fields, "Summary"),
                            header.get(fields, "Description"),
                            jiraSite == null || key.isBlank() ? null : jiraSite + "/browse/" + key.strip()),
                            JIRA_POINTS.stream().anyMatch(name -> !header.get(fields, name).isBlank()));
                }
                case GITLAB ->
                    new IssueService.Incoming(draft(where, "Title", reference(header.get(fields, "Issue ID")),
                            header.get(fields, "Title"), header.get(fields, "Description"), header.get(fields, "URL")),
                            !header.get(fields, "Weight").isBlank());
                default -> new IssueService.Incoming(new IssueService.Draft(header.get(fields, "storyRef"),
                        header.get(fields, "description"), blankAsNull(header.get(fields, "link"))),
                        !header.get(fields, "finalEstimate").isBlank());
            }));
        }
        return out;
    }

    /** A CSV file's header: its columns by name (case and spaces aside), the first of a repeated name. */
    private static final class Header {

        private final Map<String, Integer> columns = new HashMap<>();
        private final List<String> names;

        Header(List<String> names) {
            this.names = names;
            for (int i = 0; i < names.size(); i++) {
                columns.putIfAbsent(key(names.get(i)), i);
            }
        }

        int size() {
            return names.size();
        }

        Format format() {
            if (has("Issue key") && has("Summary")) {
                return Format.JIRA;
            }
            if (has("Issue ID") && has("Title") && has("URL")) {
                return Format.GITLAB;
            }
            if (has("storyRef") && has("description")) {
                return Format.ESTIMATOR;
            }
            throw ApiError.invalid("Row 1: the header must be storyRef,description (Estimator's CSV), or that of a "
                    + "Jira CSV export (Issue key, Summary) or a GitLab CSV export (Issue ID, URL, Title); "
                    + "a GitHub issue list is JSON");
        }

        void require(Format f) {
            if (f == Format.ESTIMATOR) {
                if (!(names.size() > 1 && key(names.get(0)).equals("storyref")
                        && key(names.get(1)).equals("description"))) {
                    throw ApiError.invalid("Row 1: the header must be storyRef,description");
                }
                return;
            }
            List<String> needed = f == Format.JIRA ? List.of("Issue key", "Summary") : List.of("Issue ID", "Title");
            for (String name : needed) {
                if (!has(name)) {
                    throw ApiError.invalid("Row 1: a " + (f == Format.JIRA ? "Jira" : "GitLab")
                            + " CSV export has a column " + name + "; this file has none");
                }
            }
        }

        boolean has(String name) {
            return columns.containsKey(key(name));
        }

        /** The row's field in the named column; "" when the column is missing or the row is short. */
        String get(List<String> row, String name) {
            Integer at = columns.get(key(name));
            return at == null || at >= row.size() ? "" : row.get(at);
        }

        private static String key(String name) {
            return name.strip().toLowerCase(Locale.ROOT);
        }
    }

    private static List<Row> github(String text) {
        JsonNode list;
        try {
            list = JSON.readTree(text);
        } catch (JsonProcessingException e) {
            throw ApiError.invalid("The file is not valid JSON (line " + e.getLocation().getLineNr() + ", column "
                    + e.getLocation().getColumnNr() + "); a GitHub issue list is the output of "
                    + "gh issue list --json number,title,body,url,labels");
        }
        if (list == null || !list.isArray()) {
            throw ApiError.invalid("A GitHub issue list is a JSON array of issues");
        }
        List<Row> out = new ArrayList<>();
        for (int i = 0; i < list.size(); i++) {
            JsonNode item = list.get(i);
            String where = "Item " + (i + 1);
            if (!item.isObject() || !item.path("number").isIntegralNumber()) {
                throw ApiError.invalid(where + ": an issue needs its number");
            }
            boolean estimated = false;
            for (JsonNode label : item.path("labels")) {
                estimated |= isEstimateLabel(label.isTextual() ? label.asText() : text(label, "name"));
            }
            out.add(new Row(where,
                    new IssueService.Incoming(draft(where, "title", reference(item.get("number").asText()),
                            text(item, "title"), text(item, "body"), text(item, "url")), estimated)));
        }
        return out;
    }

    /** The label Estimator puts on a GitHub issue for its final estimate: {@code estimate: 5}. */
    static final String ESTIMATE_LABEL = "estimate: ";

    static boolean isEstimateLabel(String label) {
        return label.regionMatches(true, 0, ESTIMATE_LABEL, 0, ESTIMATE_LABEL.length());
    }

    private static String text(JsonNode item, String field) {
        JsonNode value = item.get(field);
        return value == null || !value.isTextual() ? "" : value.asText();
    }

    /** GitHub's and GitLab's issues are numbered within their project: "#42". */
    static String reference(String number) {
        return number.isBlank() ? "" : "#" + number.strip();
    }

    /** The title, then the body: see {@link IssueService.Draft#of}; a row without a title is refused. */
    private static IssueService.Draft draft(String where, String titleName, String ref, String title, String body,
            String link) {
        if (title.isBlank()) {
            throw ApiError.invalid(where + ": the " + titleName + " is blank");
        }
        return IssueService.Draft.of(ref, title, body, link);
    }

    private static String blankAsNull(String value) {
        return value.isBlank() ? null : value;
    }
}
