package org.estimator.issue;

import java.util.ArrayList;
import java.util.List;

import org.estimator.common.ApiError;

/** RFC 4180 CSV: fields separated by commas, optionally quoted, with "" for a quote inside quotes. */
final class Csv {

    private Csv() {
    }

    /**
     * The text of an uploaded file: in the charset its Content-Type names, UTF-8 otherwise. Bytes
     * that are not valid text in that charset are refused with the row they are on, since a file
     * saved in another encoding would otherwise be stored garbled (as U+FFFD).
     */
    static String decode(byte[] body, String contentType) {
        java.nio.charset.Charset charset = java.nio.charset.StandardCharsets.UTF_8;
        String declared = charsetOf(contentType);
        if (declared != null) {
            try {
                charset = java.nio.charset.Charset.forName(declared);
            } catch (IllegalArgumentException e) {
                throw ApiError.invalid("The charset '" + declared + "' is not supported; send UTF-8");
            }
        }
        java.nio.ByteBuffer in = java.nio.ByteBuffer.wrap(body);
        java.nio.CharBuffer out = java.nio.CharBuffer
                .allocate((int) Math.ceil(body.length * (double) charset.newDecoder().maxCharsPerByte()) + 1);
        java.nio.charset.CharsetDecoder decoder = charset.newDecoder()
                .onMalformedInput(java.nio.charset.CodingErrorAction.REPORT)
                .onUnmappableCharacter(java.nio.charset.CodingErrorAction.REPORT);
        java.nio.charset.CoderResult result = decoder.decode(in, out, true);
        if (!result.isError()) {
            result = decoder.flush(out);
        }
        if (result.isError()) {
            int row = 1;
            for (int i = 0; i < in.position(); i++) {
                if (body[i] == '\n') {
                    row++;
                }
            }
            throw ApiError.invalid("Row " + row + ": the file is not valid " + charset.name()
                    + " text; save it as UTF-8 (or name its charset in the Content-Type)");
        }
        out.flip();
        return out.toString();
    }

    private static String charsetOf(String contentType) {
        if (contentType == null) {
            return null;
        }
        for (String part : contentType.split(";")) {
            String p = part.strip();
            if (p.regionMatches(true, 0, "charset=", 0, 8)) {
                return p.substring(8).replace("\"", "").strip();
            }
        }
        return null;
    }

    /** Parses the text into rows of fields; an unterminated quote is refused with the row number. */
    static List<List<String>> parse(String text) {
        List<List<String>> rows = new ArrayList<>();
        List<String> row = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        boolean quoted = false;
        boolean fieldStarted = false;
        int rowStart = 1;
        int line = 1;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (quoted) {
                if (c == '"') {
                    if (i + 1 < text.length() && text.charAt(i + 1) == '"') {
                        field.append('"');
                        i++;
                    } else {
                        quoted = false;
                    }
                } else {
                    if (c == '\n') {
                        line++;
                    }
                    field.append(c);
                }
            } else if (c == '"' && field.length() == 0) {
                quoted = true;
                fieldStarted = true;
            } else if (c == ',') {
                row.add(field.toString());
                field.setLength(0);
                fieldStarted = true;
            } else if (c == '\n' || c == '\r') {
                if (c == '\r' && i + 1 < text.length() && text.charAt(i + 1) == '\n') {
                    i++;
                }
                if (fieldStarted || field.length() > 0 || !row.isEmpty()) {
                    row.add(field.toString());
                    rows.add(row);
                }
                row = new ArrayList<>();
                field.setLength(0);
                fieldStarted = false;
                line++;
                rowStart = line;
            } else {
                field.append(c);
                fieldStarted = true;
            }
        }
        if (quoted) {
            throw ApiError.invalid("Row " + rowStart + ": a quoted field is not closed");
        }
        if (fieldStarted || field.length() > 0 || !row.isEmpty()) {
            row.add(field.toString());
            rows.add(row);
        }
        return rows;
    }

    /**
     * Quotes a field for output. A leading =, +, - or @ is prefixed with ' so that spreadsheets do
     * not run a story text as a formula (CSV injection).
     */
    static String field(String value) {
        if (value == null) {
            return "";
        }
        String v = value;
        if (!v.isEmpty() && "=+-@\t\r".indexOf(v.charAt(0)) >= 0) {
            v = "'" + v;
        }
        if (v.contains(",") || v.contains("\"") || v.contains("\n") || v.contains("\r") || !v.equals(value)) {
            return "\"" + v.replace("\"", "\"\"") + "\"";
        }
        return v;
    }
}
