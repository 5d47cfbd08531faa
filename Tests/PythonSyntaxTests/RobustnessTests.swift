import Foundation
import Testing
@testable import PythonSyntax

// Hostile input: each case must come back with an error without crashing or hanging. The time
// limits are hang guards (minutes, for a debug build on a busy machine), not speed measures:
// speed is measured by Benchmarks/parse.sh.

/// A small deterministic generator (SplitMix64), so failures reproduce.
struct SeededRandom: RandomNumberGenerator {
    var state: UInt64
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

/// Decodes and parses like `taintline parse` does; returns the first problem, if any, and the
/// time it took. Dumps the (partial) tree too, so the dumper sees recovered trees.
func check(_ bytes: [UInt8]) -> (error: String?, seconds: Double) {
    let clock = ContinuousClock()
    var error: String?
    let elapsed = clock.measure {
        let result = SyntaxCheck.parse(bytes, path: "<robustness>")
        if let r = result.readError { error = r.message }
        if let tree = result.tree {
            _ = ASTDump.dump(tree, includeAttributes: true)
            error = error ?? tree.errors.first?.message
        }
    }
    let c = elapsed.components
    return (error, Double(c.seconds) + Double(c.attoseconds) / 1e18)
}

/// Runs `body` on a thread with an 8 MB stack (a main thread's size; `taintline parse` gives
/// its workers 64 MB): nesting must be bounded by the parser, not by luck with a huge stack.
final class ThreadResult<T>: @unchecked Sendable {
    var value: T?
    let done = DispatchSemaphore(value: 0)
}

func onSmallStack<T: Sendable>(bytes: Int = 8 << 20, _ body: @escaping @Sendable () -> T) -> T {
    let box = ThreadResult<T>()
    let thread = Thread {
        box.value = body()
        box.done.signal()
    }
    thread.stackSize = bytes
    thread.start()
    box.done.wait()
    guard let value = box.value else { preconditionFailure("thread did not run") }
    return value
}

@Test(.timeLimit(.minutes(10))) func hundredThousandNestedParentheses() {
    let text = String(repeating: "(", count: 100_000) + String(repeating: ")", count: 100_000) + "\n"
    let r = onSmallStack { check(Array(text.utf8)) }
    #expect(r.error != nil)
    let brackets = "x = " + String(repeating: "[{", count: 50_000) + "\n"
    let r2 = onSmallStack { check(Array(brackets.utf8)) }
    #expect(r2.error != nil)
}

@Test(.timeLimit(.minutes(10))) func deeplyNestedExpressionsWithoutBrackets() {
    // Unary operators and lambdas nest without any bracket.
    let text = "x = " + String(repeating: "-", count: 100_000) + "1\n" + "y = " + String(repeating: "lambda: ", count: 20_000) + "0\n"
    let r = onSmallStack { check(Array(text.utf8)) }
    #expect(r.error == "maximum recursion depth exceeded during ast construction")
}

/// Chains and nestings CPython 3.11 accepts up to a tree about 3,000 nodes deep (called from a
/// script's top level: `x = -...-1` with 2,988 minus signs parses, 2,989 raises RecursionError
/// "maximum recursion depth exceeded during ast construction"). The same limit here, so no
/// tree walker ever recurses deeper; past it a clear error, never a stack overflow, also for
/// chains a hundred times longer. (The first number of each pair is the longest CPython takes.)
struct DeepChain: Sendable, CustomTestStringConvertible {
    var name: String
    /// The longest chain CPython takes.
    var accepted: Int
    var head: String
    var link: String
    var tail: String
    var testDescription: String { name }
    func source(_ n: Int) -> [UInt8] { Array((head + String(repeating: link, count: n) + tail).utf8) }
}

@Test(.timeLimit(.minutes(10)), arguments: [
    DeepChain(name: "unary", accepted: 2_988, head: "x = ", link: "-", tail: "1\n"),
    DeepChain(name: "not", accepted: 2_988, head: "x = ", link: "not ", tail: "1\n"),
    DeepChain(name: "invert", accepted: 2_988, head: "x = ", link: "~", tail: "1\n"),
    DeepChain(name: "attribute", accepted: 2_988, head: "x = ", link: "a.", tail: "b\n"),
    DeepChain(name: "call", accepted: 2_988, head: "x = a", link: "()", tail: "\n"),
    DeepChain(name: "subscript", accepted: 2_988, head: "x = a", link: "[0]", tail: "\n"),
    DeepChain(name: "plus", accepted: 2_988, head: "x = a", link: "+a", tail: "\n"),
    DeepChain(name: "if-else", accepted: 2_988, head: "x = ", link: "a if b else ", tail: "c\n"),
    DeepChain(name: "elif", accepted: 2_988, head: "if x: pass\n", link: "elif x: pass\n", tail: ""),
])
func deepChainsStopAtCPythonsRecursionLimit(chain: DeepChain) {
    // The accepted tree is dumped recursively, ~3,000 levels: on the 64 MB stack every
    // `taintline` worker has (a debug build's frames are too big for 8 MB here); the parser
    // itself, and the rejections, run on 8 MB.
    let ok = onSmallStack(bytes: 64 << 20) { check(chain.source(chain.accepted)) }
    #expect(ok.error == nil, "\(chain.name) × \(chain.accepted): \(ok.error ?? "")")
    for n in [chain.accepted + 1, 100_000] {
        let r = onSmallStack { check(chain.source(n)) }
        #expect(r.error == "maximum recursion depth exceeded during ast construction", "\(chain.name) × \(n): \(r.error ?? "no error")")
    }
}

/// A tree too deep is dropped from the body (so callers that walk it cannot overflow), the
/// statements around it are kept.
@Test func tooDeepStatementIsDroppedOthersKept() throws {
    let text = "a = 1\nx = " + String(repeating: "b.", count: 5_000) + "c\nz = 2\n"
    let tree = try #require(onSmallStack { SyntaxCheck.parse(Array(text.utf8), path: "<deep>").tree })
    #expect(tree.errors.first?.message == "maximum recursion depth exceeded during ast construction")
    #expect(tree.errors.first?.line == 2)
    #expect(tree.body.count == 2)
}

/// On a thread with a small stack the parser stops with an error before the stack runs out.
@Test func smallStackEndsInAnErrorNotACrash() {
    let text = "x = " + String(repeating: "lambda: not -", count: 900) + "1\n"
    let r = onSmallStack(bytes: 1 << 20) { check(Array(text.utf8)) }
    #expect(r.error == "maximum recursion depth exceeded during ast construction")
    let brackets = "x = " + String(repeating: "[(", count: 99) + String(repeating: ")]", count: 99) + "\n"
    let b = onSmallStack(bytes: 8 << 20) { check(Array(brackets.utf8)) }
    #expect(b.error == nil)
}

/// CPython stops at 100 levels ("too many levels of indentation", an IndentationError at
/// column 1 of the line that would open the 101st level); this used to crash in `parseIf`.
@Test func deeplyIndentedBlocks() {
    let blocks = (0..<1_000).map { String(repeating: " ", count: $0) + "if x:\n" }.joined() + String(repeating: " ", count: 1_000) + "pass\n"
    let r2 = onSmallStack { check(Array(blocks.utf8)) }
    #expect(r2.error == "too many levels of indentation")
    let tree = onSmallStack { SyntaxCheck.parse(Array(blocks.utf8), path: "<deep>").tree }
    let first = tree?.errors.first
    #expect(first?.line == 101 && first?.column == 1)
    #expect(first?.exceptionName == "IndentationError")
    // 99 levels are fine, as in CPython; every block statement kind at 100 levels is rejected.
    let ok = (0..<99).map { String(repeating: " ", count: $0) + "if x:\n" }.joined() + String(repeating: " ", count: 99) + "pass\n"
    #expect(onSmallStack { check(Array(ok.utf8)) }.error == nil)
    for head in ["while x:", "for a in b:", "with a:", "try:", "def f():", "class C:", "match x:\n case 1:", "elif_chain"] {
        let line = head == "elif_chain" ? "if x: pass\nelif y:" : head
        let text = (0..<150).map { i in line.split(separator: "\n").map { String(repeating: " ", count: i) + $0 }.joined(separator: "\n") + "\n" }.joined()
        let r = onSmallStack { check(Array(text.utf8)) }
        #expect(r.error != nil, "\(head)")
    }
}

/// Indentation errors print with CPython's exception class.
@Test func indentationErrorsNameTheirClass() {
    let cases: [(String, String, Int, Int)] = [
        ("if x:\n    a\n  b\n", "IndentationError", 3, 4),
        ("if x:\n    a\n\tb\n", "TabError", 3, 1),
        ("  x = 1\n", "IndentationError", 1, 2),
        ("x = (\n", "SyntaxError", 1, 5),
    ]
    for (source, name, line, column) in cases {
        let error = SyntaxCheck.parse(Array(source.utf8), path: "<t>").tree?.errors.first
        #expect(error?.exceptionName == name, "\(source)")
        #expect(error?.line == line && error?.column == column, "\(source): \(String(describing: error))")
        if let error {
            let text = SyntaxDiagnostics.format(error, path: "t.py", source: nil)
            #expect(text.hasSuffix("\(name): \(error.message)\n"))
        }
    }
}

/// Fuzz case (minimised): a block that fails part-way left a DEDENT at module level, where
/// error recovery stopped without moving: an endless loop.
@Test(.timeLimit(.minutes(10))) func strayDedentAtModuleLevelDoesNotHang() {
    let r = check(Array("class e(t):\n match x:\n  :".utf8))
    #expect(r.error == "invalid syntax")
}

@Test(.timeLimit(.minutes(10))) func fiftyMegabyteFileWithUnterminatedString() {
    var bytes = Array("x = \"".utf8)
    bytes.append(contentsOf: repeatElement(UInt8(ascii: "a"), count: 50 << 20))
    let r = check(bytes)
    #expect(r.error?.contains("unterminated string literal") == true, "\(r.error ?? "no error")")
}

@Test(.timeLimit(.minutes(10))) func unterminatedTripleQuotedStringAtTheEndOfAHugeFile() {
    var text = String(repeating: "value = compute(alpha, beta[1], 'text') + 42\n", count: 100_000)
    text += "s = \"\"\"never closed\n" + String(repeating: "more text\n", count: 1_000)
    let r = check(Array(text.utf8))
    #expect(r.error?.contains("unterminated triple-quoted string literal") == true, "\(r.error ?? "no error")")
}

@Test(.timeLimit(.minutes(10))) func randomBytes() {
    var rng = SeededRandom(state: 42)
    for size in [1, 17, 1_000, 100_000, 1_000_000] {
        let bytes = (0..<size).map { _ in UInt8.random(in: 0...255, using: &rng) }
        let r = check(bytes)
        if size > 100 { #expect(r.error != nil) }
    }
    // Random printable ASCII gets past decoding and exercises the tokenizer and the parser.
    for size in [10, 1_000, 200_000] {
        let alphabet = Array(" \t\n()[]{}:;.,=+-*/%@<>!~^&|'\"#\\abcdefxyz0123456789_".utf8)
        let bytes = (0..<size).map { _ in alphabet[Int.random(in: 0..<alphabet.count, using: &rng)] }
        _ = onSmallStack { check(bytes) }
    }
}

@Test func nulBytesAreRejected() {
    #expect(check(Array("x = 1\0\n".utf8)).error != nil)
    #expect(check([0]).error != nil)
    #expect(check(Array("s = '\0'\n".utf8)).error != nil)
}

@Test func invalidUTF8IsRejected() {
    #expect(check(Array("x = '".utf8) + [0xFF, 0xFE] + Array("'\n".utf8)).error != nil)
    #expect(check([0xC3]).error != nil)                      // truncated sequence
    #expect(check(Array("x = '".utf8) + [0xED, 0xA0, 0x80] + Array("'\n".utf8)).error != nil) // encoded surrogate
    // In a comment CPython's compile of bytes (import, ast.parse) accepts it.
    #expect(check(Array("# ".utf8) + [0xED, 0xA0, 0x80, 10]).error == nil)
    #expect(check(Array("# coding: nonsense\nx = 1\n".utf8)).error?.contains("unknown encoding") == true)
}

/// Mutated real files: delete, insert or swap random bytes; parse must return.
@Test(.timeLimit(.minutes(15))) func mutatedStandardLibraryFiles() throws {
    let python = ProcessInfo.processInfo.environment["TAINTLINE_TEST_PYTHON"] ?? "python3"
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments = [python, "-c", "import sysconfig;print(sysconfig.get_paths()['stdlib'])"]
    let pipe = Pipe()
    process.standardOutput = pipe
    try process.run()
    let data = pipe.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    let stdlib = String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
    let names = ["ast.py", "string.py", "textwrap.py", "dataclasses.py", "fractions.py", "json/decoder.py",
                 "asyncio/tasks.py", "re/_parser.py", "email/utils.py", "test/test_grammar.py"]
    let sources = names.compactMap { FileManager.default.contents(atPath: stdlib + "/" + $0).map { [UInt8]($0) } }
    try #require(sources.count >= 5, "standard library not found at '\(stdlib)'")
    var rng = SeededRandom(state: 2024)
    let interesting = Array("()[]{}:'\"\\#\n\t =*@,.fbrtu".utf8)
    for round in 0..<300 {
        var bytes = sources[round % sources.count]
        for _ in 0..<Int.random(in: 1...8, using: &rng) where !bytes.isEmpty {
            let at = Int.random(in: 0..<bytes.count, using: &rng)
            switch Int.random(in: 0..<4, using: &rng) {
            case 0: bytes.remove(at: at)
            case 1: bytes.insert(interesting[Int.random(in: 0..<interesting.count, using: &rng)], at: at)
            case 2: bytes.insert(UInt8.random(in: 0...255, using: &rng), at: at)
            default: bytes.swapAt(at, Int.random(in: 0..<bytes.count, using: &rng))
            }
        }
        let copy = bytes
        _ = onSmallStack { check(copy) }
    }
}

/// Huge integer literals: a decimal one past CPython's 4,300-digit limit is its SyntaxError; a
/// hexadecimal one of a million digits (CPython parses it) parses quickly instead of a
/// quadratic conversion to decimal; ones CPython can print still dump as it does.
@Test(.timeLimit(.minutes(10))) func hugeIntegerLiterals() {
    let decimal = check(Array(("x = " + String(repeating: "7", count: 1_000_000) + "\n").utf8))
    #expect(decimal.error?.hasPrefix("Exceeds the limit (4300 digits) for integer string conversion: value has 1000000 digits") == true)
    #expect(check(Array(("x = " + String(repeating: "1", count: 4_300) + "\n").utf8)).error == nil)
    let hex = check(Array(("x = 0x" + String(repeating: "f", count: 1_000_000) + "\n").utf8))
    #expect(hex.error == nil)
    // 2**128 - 1 and 8**40 - 1, as CPython prints them.
    #expect(newSyntaxDump("x = 0xffffffffffffffffffffffffffffffff, 0o7777777777777777777777777777777777777777\n") ==
        "Module(body=[Assign(targets=[Name(id='x', ctx=Store())], value=Tuple(elts=[Constant(value=340282366920938463463374607431768211455), Constant(value=1329227995784915872903807060280344575)], ctx=Load()))], type_ignores=[])")
}

/// CPython 3.11 names the statement whose block is missing (messages and positions printed
/// by it).
@Test(arguments: [
    ("def f():\nreturn 1\n", "expected an indented block after function definition on line 1", 2, 1),
    ("if x:\n  pass\nelse:\nb\n", "expected an indented block after 'else' statement on line 3", 4, 1),
    ("class C:\nx\n", "expected an indented block after class definition on line 1", 2, 1),
    ("async for a in b:\nx\n", "expected an indented block after 'for' statement on line 1", 2, 1),
    ("try:\n  x\nexcept* E:\ny\n", "expected an indented block after 'except*' statement on line 3", 4, 1),
    ("if a: pass\nelif (b and\n c):\nd\n", "expected an indented block after 'elif' statement on line 2", 4, 1),
    ("match x:\n case 1:\n y\n", "expected an indented block after 'case' statement on line 2", 3, 2),
    ("match x:\ncase 1: pass\n", "expected an indented block after 'match' statement on line 1", 2, 1),
    ("x = 1\n    y = 2\n", "unexpected indent", 2, 4),
])
func missingBlockNamesTheStatement(source: String, message: String, line: Int, column: Int) {
    let error = SyntaxCheck.parse(Array(source.utf8), path: "<t>").tree?.errors.first
    #expect(error?.message == message)
    #expect(error?.line == line && error?.column == column, "\(String(describing: error))")
    #expect(error?.exceptionName == "IndentationError")
}

/// Which error CPython 3.11 reports when the tokenizer and the parser both find one (messages
/// and positions printed by it): an indentation error the tokenizer meets after a syntax
/// error does not replace it, one the parser runs into does; an unclosed bracket replaces a
/// generic error only when opened on an earlier line.
@Test(arguments: [
    ("x = = 1\nif x:\n    a\n  b\n", "invalid syntax", 1, 5),
    ("if a:\n    if b:\n  c\n", "unindent does not match any outer indentation level", 3, 4),
    ("try:\n    a\n  b\n", "unindent does not match any outer indentation level", 3, 4),
    ("x = = 1\ny = (\n", "invalid syntax", 1, 5),
    ("y = (\nx = = 1\n", "'(' was never closed", 1, 5),
    // Two expressions side by side inside brackets: CPython's "Perhaps you forgot a comma?".
    ("f(a b)\n", "invalid syntax. Perhaps you forgot a comma?", 1, 3),
    ("x = [1, 2 3]\n", "invalid syntax. Perhaps you forgot a comma?", 1, 9),
    ("x = (a.b c.d)\n", "invalid syntax. Perhaps you forgot a comma?", 1, 6),
    ("d = {1: 2 3: 4}\n", "invalid syntax. Perhaps you forgot a comma?", 1, 9),
    ("f(a b\n", "'(' was never closed", 1, 2),
    ("x = a b\n", "invalid syntax", 1, 7),
])
func firstErrorAsCPython(source: String, message: String, line: Int, column: Int) {
    let error = SyntaxCheck.parse(Array(source.utf8), path: "<t>").tree?.errors.first
    #expect(error?.message == message && error?.line == line && error?.column == column, "\(String(describing: error))")
}
