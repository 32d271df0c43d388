package io.gridscope.history.records;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/** The chain's canonical encoding, pinned: an outside checker of an exported log relies on it. */
class AuditChainTest {
    /** The encoding as the class documentation describes it, written out independently. */
    private static String documented(Object... fields) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (Object f : fields) {
            if (f == null) {
                out.write(0);
                continue;
            }
            byte[] bytes = f.toString().getBytes(StandardCharsets.UTF_8);
            out.write(1);
            out.write(ByteBuffer.allocate(4).putInt(bytes.length).array());
            out.write(bytes);
        }
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(out.toByteArray()));
    }

    @Test
    void theHashIsSha256OfLengthPrefixedUtf8FieldsAsDocumented() throws Exception {
        String hash = AuditChain.hash(
                7, 1_767_225_600_123L, "zoë", "accounting", "change", "", "currency = \"€\"\n", AuditChain.GENESIS);
        assertThat(hash)
                .isEqualTo(documented(
                        "gridscope-audit-v1",
                        7,
                        1_767_225_600_123L,
                        "zoë",
                        "accounting",
                        "change",
                        "",
                        "currency = \"€\"\n",
                        "0".repeat(64)))
                .matches("[0-9a-f]{64}");
        assertThat(AuditChain.hash(-3, -1, "u", "s", "a", "b", "c", null))
                .isEqualTo(documented("gridscope-audit-v1", "-3", "-1", "u", "s", "a", "b", "c", null));
    }

    @Test
    void fieldBoundariesAndNullsAreUnambiguous() {
        String base = AuditChain.hash(1, 1, "ab", "c", "x", "", "", AuditChain.GENESIS);
        assertThat(AuditChain.hash(1, 1, "a", "bc", "x", "", "", AuditChain.GENESIS))
                .isNotEqualTo(base);
        assertThat(AuditChain.hash(1, 1, "ab", "c", "x", "", "", null)).isNotEqualTo(base);
        assertThat(AuditChain.hash(1, 1, "ab", "c", "x", "", "", ""))
                .isNotEqualTo(AuditChain.hash(1, 1, "ab", "c", "x", "", "", null));
        assertThat(AuditChain.hash(11, 1, "ab", "c", "x", "", "", AuditChain.GENESIS))
                .isNotEqualTo(AuditChain.hash(1, 11, "ab", "c", "x", "", "", AuditChain.GENESIS));
        // before and after swapped
        assertThat(AuditChain.hash(1, 1, "u", "s", "a", "old", "new", AuditChain.GENESIS))
                .isNotEqualTo(AuditChain.hash(1, 1, "u", "s", "a", "new", "old", AuditChain.GENESIS));
    }

    @Test
    void aLongTextIsHashedWhole() {
        char[] text = new char[AuditEntry.MAX_TEXT_CHARS];
        Arrays.fill(text, 'x');
        String before = new String(text);
        String changedAtTheEnd = before.substring(0, before.length() - 1) + "y";
        assertThat(AuditChain.hash(1, 1, "u", "s", "a", before, "", AuditChain.GENESIS))
                .isNotEqualTo(AuditChain.hash(1, 1, "u", "s", "a", changedAtTheEnd, "", AuditChain.GENESIS));
    }
}
