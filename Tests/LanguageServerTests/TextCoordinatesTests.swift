import Findings
@testable import LanguageServer
import XCTest

final class TextCoordinatesTests: XCTestCase {
    // "é" is 2 UTF-8 bytes and 1 UTF-16 unit; "😀" is 4 bytes, 2 units (a surrogate pair); "中" 3 bytes, 1 unit.
    let text = Array("x = 1\r\nname = \"é😀中\"; yaml.load(d)\n\nlast".utf8)

    func testLocationColumnsBecomeUTF16Units() {
        let lines = DocumentLines(text)
        // `yaml` is the 15th character of line 2: n,a,m,e, ,=, ,",é,😀,中,",;, ,y.
        XCTAssertEqual(lines.position(line: 2, column: 15), LSPPosition(line: 1, character: 15), "😀 counts twice")
        XCTAssertEqual(lines.position(line: 2, column: 1), LSPPosition(line: 1, character: 0))
        XCTAssertEqual(lines.position(line: 2, column: 10), LSPPosition(line: 1, character: 9), "before 😀")
        XCTAssertEqual(lines.position(line: 2, column: 11), LSPPosition(line: 1, character: 11), "after 😀")
        XCTAssertEqual(lines.position(line: 1, column: 6), LSPPosition(line: 0, character: 5), "the end of a CRLF line")
        XCTAssertEqual(lines.position(line: 4, column: 5), LSPPosition(line: 3, character: 4), "the last line, without a newline")
    }

    func testByteOffsetsBecomeUTF16Units() {
        let lines = DocumentLines(text)
        let offset = (0..<text.count).first { Array(text[$0...].prefix(4)) == Array("yaml".utf8) }!
        XCTAssertEqual(lines.position(offset: offset), LSPPosition(line: 1, character: 15))
        XCTAssertEqual(lines.position(offset: 0), LSPPosition(line: 0, character: 0))
        XCTAssertEqual(lines.position(offset: text.count), LSPPosition(line: 3, character: 4))
    }

    func testLineEndsBeforeTheirNewline() {
        let lines = DocumentLines(text)
        XCTAssertEqual(lines.lineEnd(1), 5, "before \\r\\n")
        XCTAssertEqual(lines.position(offset: lines.lineEnd(2)), LSPPosition(line: 1, character: 27))
        XCTAssertEqual(lines.lineEnd(3), lines.index.lineStarts[2], "an empty line")
        XCTAssertEqual(lines.lineEnd(4), text.count)
    }

    func testEmptyRangeIsWidenedToTheLine() {
        let lines = DocumentLines(text)
        let range = Diagnostics.range(of: Location(file: "a.py", startLine: 2, startColumn: 15), in: lines)
        XCTAssertEqual(range, LSPRange(start: LSPPosition(line: 1, character: 15), end: LSPPosition(line: 1, character: 27)))
    }
}
