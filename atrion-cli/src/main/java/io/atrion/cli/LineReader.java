package io.atrion.cli;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Lines of a UTF-8 byte stream, each at most a fixed number of bytes, decoded strictly.
 *
 * <p>Why not {@code BufferedReader.readLine}: it buffers a line of any length (a 5 GB line is an
 * {@link OutOfMemoryError}), and an {@code InputStreamReader} either replaces malformed UTF-8 with
 * U+FFFD (two different byte sequences then read as the same route id) or, when set to report,
 * throws from a read-ahead buffer that may be lines ahead of the one being parsed. Here a line is
 * split on bytes (UTF-8 never uses the bytes of {@code \n} and {@code \r} inside a character),
 * rejected as soon as it exceeds the limit, and decoded on its own, so every problem is reported
 * with its own line number, in time linear in the input. Terminators are {@code \n}, {@code \r\n}
 * and a lone {@code \r}, as {@code readLine} has them.
 */
final class LineReader {

    private final InputStream in;
    private final int maxLineBytes;
    private final byte[] buffer = new byte[1 << 16];
    private int bufferPos;
    private int bufferEnd;
    private byte[] line = new byte[512];
    private boolean skipNewline; // the last line ended with \r: a \n right after it belongs to it
    private int lineNumber;
    private final CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT);

    LineReader(InputStream in, int maxLineBytes) {
        this.in = in;
        this.maxLineBytes = maxLineBytes;
    }

    /** The number of the line last returned or being read (1 for the first). */
    int lineNumber() {
        return lineNumber;
    }

    /**
     * The next line without its terminator, or null at the end of the input.
     *
     * @throws ReplayCommand.MalformedLine when the line is longer than the limit or not UTF-8
     * @throws IOException                 when the stream fails
     */
    String next() throws IOException, ReplayCommand.MalformedLine {
        int length = 0;
        int highBits = 0; // OR of every byte: bit 7 clear means the line is ASCII
        boolean any = false;
        while (true) {
            if (bufferPos == bufferEnd && !fill()) {
                if (!any) {
                    return null;
                }
                break;
            }
            byte b = buffer[bufferPos++];
            if (skipNewline) {
                skipNewline = false;
                if (b == '\n') {
                    continue;
                }
            }
            if (!any) {
                any = true;
                lineNumber++;
            }
            if (b == '\n') {
                break;
            }
            if (b == '\r') {
                skipNewline = true;
                break;
            }
            if (length == maxLineBytes) {
                throw new ReplayCommand.MalformedLine("line is longer than " + maxLineBytes
                        + " bytes (the limit of a replay line)");
            }
            if (length == line.length) {
                byte[] bigger = new byte[(int) Math.min((long) line.length * 2, maxLineBytes)];
                System.arraycopy(line, 0, bigger, 0, length);
                line = bigger;
            }
            line[length++] = b;
            highBits |= b;
        }
        if ((highBits & 0x80) == 0) {
            // ASCII is its own UTF-8 and Latin-1: the JDK's fastest byte-to-String copy.
            return new String(line, 0, length, StandardCharsets.ISO_8859_1);
        }
        return decode(length);
    }

    private boolean fill() throws IOException {
        int n = in.read(buffer, 0, buffer.length);
        while (n == 0) {
            n = in.read(buffer, 0, buffer.length);
        }
        if (n < 0) {
            return false;
        }
        bufferPos = 0;
        bufferEnd = n;
        return true;
    }

    private String decode(int length) throws ReplayCommand.MalformedLine {
        ByteBuffer bytes = ByteBuffer.wrap(line, 0, length);
        CharBuffer chars = CharBuffer.allocate(length); // UTF-8 never has more chars than bytes
        decoder.reset();
        CoderResult r = decoder.decode(bytes, chars, true);
        if (!r.isError()) {
            r = decoder.flush(chars);
        }
        if (r.isError()) {
            throw new ReplayCommand.MalformedLine("not valid UTF-8: " + r.length() + " bad byte(s) at byte "
                    + (bytes.position() + 1) + " of the line");
        }
        chars.flip();
        return chars.toString();
    }
}
