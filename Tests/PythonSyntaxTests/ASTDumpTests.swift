import Testing
@testable import PythonSyntax

// Expected texts below were printed by CPython 3.11.7 (repr, ast.dump) or, for syntax newer
// than 3.11, written in the newest CPython's format (field order of Parser/Python.asdl, 3.14).

@Test(arguments: [
    (1e16, "1e+16"), (1e-05, "1e-05"), (0.1, "0.1"), (1.0, "1.0"), (1e300, "1e+300"), (1.5, "1.5"),
    (123456789.0, "123456789.0"), (1e15, "1000000000000000.0"), (1.7976931348623157e308, "1.7976931348623157e+308"),
    (Double.leastNonzeroMagnitude, "5e-324"), (0.0001, "0.0001"), (2.5e-5, "2.5e-05"), (Double.infinity, "inf"), (100.0, "100.0"),
    (1234567890123456.0, "1234567890123456.0"), (12345678901234567.0, "1.2345678901234568e+16"), (0.3, "0.3"), (0.0, "0.0"),
])
func floatRepr(value: Double, expected: String) {
    #expect(PythonRepr.float(value) == expected)
}

@Test(arguments: [
    (2.0, "2j"), (0.0, "0j"), (1e300, "1e+300j"), (1.5, "1.5j"), (Double.infinity, "infj"), (1e16, "1e+16j"), (0.0001, "0.0001j"),
])
func imaginaryRepr(value: Double, expected: String) {
    #expect(PythonRepr.imaginary(value) == expected)
    #expect(PythonRepr.constant(.complex(imag: value)) == expected)
}

@Test(arguments: [
    ("a", "'a'"), ("it's", "\"it's\""), ("\"q\"", "'\"q\"'"), ("both'\"", "'both\\'\"'"),
    ("\n\t\r\u{0}\u{7f}\\", "'\\n\\t\\r\\x00\\x7f\\\\'"),
    ("\u{200b}\u{a0}é\u{2028}\u{1F600}\u{e000}\u{e0001}", "'\\u200b\\xa0é\\u2028\u{1F600}\\ue000\\U000e0001'"),
    ("\u{1FAE8}", "'\\U0001fae8'"), // assigned in Unicode 15: unassigned for CPython 3.11
    (" ", "' '"), ("", "''"),
])
func stringRepr(value: String, expected: String) {
    #expect(PythonRepr.string(value) == expected)
}

@Test func bytesAndOtherConstants() {
    #expect(PythonRepr.bytes([0, 39, 255, 34, 97, 92]) == "b'\\x00\\'\\xff\"a\\\\'")
    #expect(PythonRepr.bytes(Array("it's".utf8)) == "b\"it's\"")
    #expect(PythonRepr.constant(.none) == "None")
    #expect(PythonRepr.constant(.bool(true)) == "True")
    #expect(PythonRepr.constant(.ellipsis) == "Ellipsis")
    #expect(PythonRepr.constant(.int(42)) == "42")
    #expect(PythonRepr.constant(.bigInt("123456789012345678901234567890")) == "123456789012345678901234567890")
}

/// A tree built by hand (no parser): `x = f(1, *a, k=None)` and `return`.
@Test func dumpOfHandBuiltTree() {
    var t = SyntaxTree()
    func r(_ c0: Int32, _ c1: Int32, line: Int32 = 1) -> SourceRange {
        SourceRange(lineno: line, colOffset: c0, endLineno: line, endColOffset: c1, start: c0, end: c1)
    }
    let x = t.add(Expr(.name(id: "x", ctx: .store), r(0, 1)))
    let f = t.add(Expr(.name(id: "f", ctx: .load), r(4, 5)))
    let one = t.add(Expr(.constant(value: .int(1), kind: nil), r(6, 7)))
    let a = t.add(Expr(.name(id: "a", ctx: .load), r(10, 11)))
    let star = t.add(Expr(.starred(value: a, ctx: .load), r(9, 11)))
    let none = t.add(Expr(.constant(value: .none, kind: nil), r(15, 19)))
    let call = t.add(Expr(.call(func: f, args: [one, star], keywords: [Keyword(arg: "k", value: none, range: r(13, 19))]), r(4, 20)))
    let assign = t.add(Stmt(.assign(targets: [x], value: call, typeComment: nil), r(0, 20)))
    let ret = t.add(Stmt(.return(value: nil), r(0, 6, line: 2)))
    t.body = [assign, ret]
    #expect(ASTDump.dump(t, includeAttributes: false) ==
        "Module(body=[Assign(targets=[Name(id='x', ctx=Store())], value=Call(func=Name(id='f', ctx=Load()), args=[Constant(value=1), Starred(value=Name(id='a', ctx=Load()), ctx=Load())], keywords=[keyword(arg='k', value=Constant(value=None))])), Return()], type_ignores=[])")
    #expect(ASTDump.dump(t, includeAttributes: true) ==
        "Module(body=[Assign(targets=[Name(id='x', ctx=Store(), lineno=1, col_offset=0, end_lineno=1, end_col_offset=1)], value=Call(func=Name(id='f', ctx=Load(), lineno=1, col_offset=4, end_lineno=1, end_col_offset=5), args=[Constant(value=1, lineno=1, col_offset=6, end_lineno=1, end_col_offset=7), Starred(value=Name(id='a', ctx=Load(), lineno=1, col_offset=10, end_lineno=1, end_col_offset=11), ctx=Load(), lineno=1, col_offset=9, end_lineno=1, end_col_offset=11)], keywords=[keyword(arg='k', value=Constant(value=None, lineno=1, col_offset=15, end_lineno=1, end_col_offset=19), lineno=1, col_offset=13, end_lineno=1, end_col_offset=19)], lineno=1, col_offset=4, end_lineno=1, end_col_offset=20), lineno=1, col_offset=0, end_lineno=1, end_col_offset=20), Return(lineno=2, col_offset=0, end_lineno=2, end_col_offset=6)], type_ignores=[])")
}

func newSyntaxDump(_ text: String, attributes: Bool = false) -> String {
    let tree = PythonParser.parse(SourceFile(path: "<test>", utf8: Array(text.utf8)))
    if let e = tree.errors.first { return "error: \(e.message) (line \(e.line), column \(e.column))" }
    return ASTDump.dump(tree, includeAttributes: attributes)
}

/// Syntax newer than 3.11, with the dump the newest CPython prints (3.14 field names; lists
/// always printed, as 3.11's ast.dump does).
@Test(arguments: [
    ("type X = int",
     "Module(body=[TypeAlias(name=Name(id='X', ctx=Store()), type_params=[], value=Name(id='int', ctx=Load()))], type_ignores=[])"),
    ("type L[T: int = str, *Ts, **P] = list[T]",
     "Module(body=[TypeAlias(name=Name(id='L', ctx=Store()), type_params=[TypeVar(name='T', bound=Name(id='int', ctx=Load()), default_value=Name(id='str', ctx=Load())), TypeVarTuple(name='Ts'), ParamSpec(name='P')], value=Subscript(value=Name(id='list', ctx=Load()), slice=Name(id='T', ctx=Load()), ctx=Load()))], type_ignores=[])"),
    ("def f[T](x: T) -> T: pass",
     "Module(body=[FunctionDef(name='f', args=arguments(posonlyargs=[], args=[arg(arg='x', annotation=Name(id='T', ctx=Load()))], kwonlyargs=[], kw_defaults=[], defaults=[]), body=[Pass()], decorator_list=[], returns=Name(id='T', ctx=Load()), type_params=[TypeVar(name='T')])], type_ignores=[])"),
    ("class C[T = int, *Ts = *tuple[int], **P = [int]]: pass",
     "Module(body=[ClassDef(name='C', bases=[], keywords=[], body=[Pass()], decorator_list=[], type_params=[TypeVar(name='T', default_value=Name(id='int', ctx=Load())), TypeVarTuple(name='Ts', default_value=Starred(value=Subscript(value=Name(id='tuple', ctx=Load()), slice=Name(id='int', ctx=Load()), ctx=Load()), ctx=Load())), ParamSpec(name='P', default_value=List(elts=[Name(id='int', ctx=Load())], ctx=Load()))])], type_ignores=[])"),
    ("async def g[**P](): pass",
     "Module(body=[AsyncFunctionDef(name='g', args=arguments(posonlyargs=[], args=[], kwonlyargs=[], kw_defaults=[], defaults=[]), body=[Pass()], decorator_list=[], type_params=[ParamSpec(name='P')])], type_ignores=[])"),
    ("f\"{'a' + \"b\"}\"",
     "Module(body=[Expr(value=JoinedStr(values=[FormattedValue(value=BinOp(left=Constant(value='a'), op=Add(), right=Constant(value='b')), conversion=-1)]))], type_ignores=[])"),
    ("f\"{\"\\n\".join(a)}\"",
     "Module(body=[Expr(value=JoinedStr(values=[FormattedValue(value=Call(func=Attribute(value=Constant(value='\\n'), attr='join', ctx=Load()), args=[Name(id='a', ctx=Load())], keywords=[]), conversion=-1)]))], type_ignores=[])"),
    ("f'''{x # a comment\n}'''",
     "Module(body=[Expr(value=JoinedStr(values=[FormattedValue(value=Name(id='x', ctx=Load()), conversion=-1)]))], type_ignores=[])"),
    ("f'{f'{f'{x}'}'}'",
     "Module(body=[Expr(value=JoinedStr(values=[FormattedValue(value=JoinedStr(values=[FormattedValue(value=JoinedStr(values=[FormattedValue(value=Name(id='x', ctx=Load()), conversion=-1)]), conversion=-1)]), conversion=-1)]))], type_ignores=[])"),
    ("f'{a +\n b}'",
     "Module(body=[Expr(value=JoinedStr(values=[FormattedValue(value=BinOp(left=Name(id='a', ctx=Load()), op=Add(), right=Name(id='b', ctx=Load())), conversion=-1)]))], type_ignores=[])"),
    ("t'a{b!r}'",
     "Module(body=[Expr(value=TemplateStr(values=[Constant(value='a'), Interpolation(value=Name(id='b', ctx=Load()), str='b', conversion=114)]))], type_ignores=[])"),
    ("t'{x + 1}'",
     "Module(body=[Expr(value=TemplateStr(values=[Interpolation(value=BinOp(left=Name(id='x', ctx=Load()), op=Add(), right=Constant(value=1)), str='x + 1', conversion=-1)]))], type_ignores=[])"),
    ("try:\n    pass\nexcept A, B:\n    pass\n",
     "Module(body=[Try(body=[Pass()], handlers=[ExceptHandler(type=Tuple(elts=[Name(id='A', ctx=Load()), Name(id='B', ctx=Load())], ctx=Load()), body=[Pass()])], orelse=[], finalbody=[])], type_ignores=[])"),
    ("try:\n    pass\nexcept* A, B:\n    pass\n",
     "Module(body=[TryStar(body=[Pass()], handlers=[ExceptHandler(type=Tuple(elts=[Name(id='A', ctx=Load()), Name(id='B', ctx=Load())], ctx=Load()), body=[Pass()])], orelse=[], finalbody=[])], type_ignores=[])"),
])
func newerSyntaxDump(source: String, expected: String) {
    #expect(newSyntaxDump(source) == expected)
}

/// CPython 3.14 builds `Interpolation.format_spec` as a JoinedStr (the spec is formatted when
/// the template is built), nested fields in it as FormattedValue.
@Test func templateStringFormatSpecIsJoinedStr() {
    #expect(newSyntaxDump("t'{b:>3}'") ==
        "Module(body=[Expr(value=TemplateStr(values=[Interpolation(value=Name(id='b', ctx=Load()), str='b', conversion=-1, format_spec=JoinedStr(values=[Constant(value='>3')]))]))], type_ignores=[])")
    #expect(newSyntaxDump("t'{b:>{w}}'") ==
        "Module(body=[Expr(value=TemplateStr(values=[Interpolation(value=Name(id='b', ctx=Load()), str='b', conversion=-1, format_spec=JoinedStr(values=[Constant(value='>'), FormattedValue(value=Name(id='w', ctx=Load()), conversion=-1)]))]))], type_ignores=[])")
}

@Test func newerSyntaxDumpWithAttributes() {
    #expect(newSyntaxDump("type X = int", attributes: true) ==
        "Module(body=[TypeAlias(name=Name(id='X', ctx=Store(), lineno=1, col_offset=5, end_lineno=1, end_col_offset=6), type_params=[], value=Name(id='int', ctx=Load(), lineno=1, col_offset=9, end_lineno=1, end_col_offset=12), lineno=1, col_offset=0, end_lineno=1, end_col_offset=12)], type_ignores=[])")
    #expect(newSyntaxDump("def f[T: int](): pass", attributes: true) ==
        "Module(body=[FunctionDef(name='f', args=arguments(posonlyargs=[], args=[], kwonlyargs=[], kw_defaults=[], defaults=[]), body=[Pass(lineno=1, col_offset=17, end_lineno=1, end_col_offset=21)], decorator_list=[], type_params=[TypeVar(name='T', bound=Name(id='int', ctx=Load(), lineno=1, col_offset=9, end_lineno=1, end_col_offset=12), lineno=1, col_offset=6, end_lineno=1, end_col_offset=12)], lineno=1, col_offset=0, end_lineno=1, end_col_offset=21)], type_ignores=[])")
}

// MARK: - Target versions

func targetErrors(_ text: String, _ target: Int) -> [String] {
    let source = SourceFile(path: "<test>", utf8: Array(text.utf8))
    let tree = PythonParser.parse(source)
    guard tree.errors.isEmpty else { return ["parse error: \(tree.errors[0].message)"] }
    return TargetVersion.check(tree, source: source, target: target).map { "\($0.line):\($0.column) \($0.message)" }
}

@Test(arguments: [
    ("if (n := 3): pass\n", 8, "1:5 assignment expressions (':=')"),
    ("def f(a, /): pass\n", 8, "1:7 positional-only parameters"),
    ("with (open(a) as f, open(b) as g):\n    pass\n", 9, "1:6 parenthesized context managers"),
    ("@buttons[0].clicked.connect\ndef f(): pass\n", 9, "1:2 arbitrary decorator expressions"),
    ("match x:\n    case 1: pass\n", 10, "1:1 the 'match' statement"),
    ("try:\n    pass\nexcept* E:\n    pass\n", 11, "3:1 'except*'"),
    ("type X = int\n", 12, "1:1 the 'type' statement"),
    ("def f[T](): pass\n", 12, "1:7 type parameter lists"),
    ("f'{'a'}'\n", 12, "1:4 reusing the enclosing quote inside an f-string"),
    ("f'{\"\\n\".join(x)}'\n", 12, "1:5 backslashes inside f-string replacement fields"),
    ("f'''{x # c\n}'''\n", 12, "1:8 comments inside f-string replacement fields"),
    ("f'{a +\n b}'\n", 12, "1:7 line breaks inside single-quoted f-string replacement fields"),
    ("class C[T = int]: pass\n", 13, "1:13 type parameter defaults"),
    ("t'{x}'\n", 14, "1:1 template strings"),
    ("try:\n    pass\nexcept A, B:\n    pass\n", 14, "3:8 'except' with several exception types without parentheses"),
])
func targetVersionReportsNewerSyntax(source: String, minimum: Int, expected: String) {
    let below = targetErrors(source, minimum - 1)
    #expect(below.contains { $0.hasPrefix(expected) }, "\(below)")
    #expect(targetErrors(source, minimum).filter { $0.hasPrefix(expected) }.isEmpty)
}

@Test(arguments: [
    "with (a, b):\n    pass\n",           // a tuple: valid since forever
    "with (a) as b:\n    pass\n",
    "@a.b.c(1)\ndef f(): pass\n",
    "f'{x!r:>{width}} {y=}'\n",
    "f'''{x['a']}'''\n",
    "f\"{x['a']}\" 'b' f'{y}'\n",
    "try:\n    pass\nexcept (A, B):\n    pass\n",
    "def f(a, b=1, *c, d, **e): pass\n",
])
func targetVersionStaysQuietOnOldSyntax(source: String) {
    #expect(targetErrors(source, 7) == [])
}

@Test func targetVersionNames() {
    #expect(TargetVersion.minor(from: "3.9") == 9)
    #expect(TargetVersion.minor(from: "py312") == 12)
    #expect(TargetVersion.minor(from: "3.14") == 14)
    #expect(TargetVersion.minor(from: "2.7") == nil)
    #expect(TargetVersion.minor(from: "3.99") == nil)
}

// MARK: - Diagnostics

@Test func diagnosticShowsLineAndCaret() {
    let source = SourceFile(path: "app.py", utf8: Array("x = 1\n    y = (1 +\n".utf8))
    let error = SyntaxError(message: "'(' was never closed", line: 2, column: 9)
    #expect(SyntaxDiagnostics.format(error, path: "app.py", source: source) ==
        "  File \"app.py\", line 2\n    y = (1 +\n        ^\nSyntaxError: '(' was never closed\n")
    // A span on one line gets one caret per character; multi-byte text counts characters.
    let wide = SourceFile(path: "b.py", utf8: Array("é = 1 +\n".utf8))
    let span = SyntaxError(message: "invalid syntax", line: 1, column: 4, endLine: 1, endColumn: 9)
    #expect(SyntaxDiagnostics.format(span, path: "b.py", source: wide) ==
        "  File \"b.py\", line 1\n    é = 1 +\n      ^^^^^\nSyntaxError: invalid syntax\n")
}

/// Lone surrogates (`"\ud800"`) cannot live in a Swift `String`; the tree keeps their exact
/// text aside and the dump prints them as CPython 3.11 does (expected output printed by it).
@Test func loneSurrogatesInStringsDumpAsCPython() {
    let source = #"""
    a = "\ud800"
    b = f"x\udc80{y}" "\ud83d\ude00"
    c = "it's\udfff"
    d = "\U0001F600 \u00e9"
    """#
    let expected = #"""
    Module(body=[Assign(targets=[Name(id='a', ctx=Store())], value=Constant(value='\ud800')), Assign(targets=[Name(id='b', ctx=Store())], value=JoinedStr(values=[Constant(value='x\udc80'), FormattedValue(value=Name(id='y', ctx=Load()), conversion=-1), Constant(value='\ud83d\ude00')])), Assign(targets=[Name(id='c', ctx=Store())], value=Constant(value="it's\udfff")), Assign(targets=[Name(id='d', ctx=Store())], value=Constant(value='😀 é'))], type_ignores=[])
    """#
    #expect(newSyntaxDump(source + "\n") == expected)
    #expect(PythonRepr.containsSurrogate(Array("é😀".utf8)) == false)
}

/// Positions CPython 3.11 gives that the oracle found: a block ending in `x;` ends after the
/// `;`; the text ending a format spec has the string token's range; a tuple without
/// parentheses in a replacement field spans `{`...`}`; `x[*a]` is a one-element tuple.
/// (Expected dumps printed by CPython 3.11.7.)
@Test(arguments: [
    (#"if x: a;\#nclass C:\#n    def f(self):\#n        g(i);\#n"#,
     #"Module(body=[If(test=Name(id='x', ctx=Load(), lineno=1, col_offset=3, end_lineno=1, end_col_offset=4), body=[Expr(value=Name(id='a', ctx=Load(), lineno=1, col_offset=6, end_lineno=1, end_col_offset=7), lineno=1, col_offset=6, end_lineno=1, end_col_offset=7)], orelse=[], lineno=1, col_offset=0, end_lineno=1, end_col_offset=8), ClassDef(name='C', bases=[], keywords=[], body=[FunctionDef(name='f', args=arguments(posonlyargs=[], args=[arg(arg='self', lineno=3, col_offset=10, end_lineno=3, end_col_offset=14)], kwonlyargs=[], kw_defaults=[], defaults=[]), body=[Expr(value=Call(func=Name(id='g', ctx=Load(), lineno=4, col_offset=8, end_lineno=4, end_col_offset=9), args=[Name(id='i', ctx=Load(), lineno=4, col_offset=10, end_lineno=4, end_col_offset=11)], keywords=[], lineno=4, col_offset=8, end_lineno=4, end_col_offset=12), lineno=4, col_offset=8, end_lineno=4, end_col_offset=12)], decorator_list=[], lineno=3, col_offset=4, end_lineno=4, end_col_offset=13)], decorator_list=[], lineno=2, col_offset=0, end_lineno=4, end_col_offset=13)], type_ignores=[])"#),
    (#"x = (f"{a:02d}"\#n     f"{b:>{w}x}")\#n"#,
     #"Module(body=[Assign(targets=[Name(id='x', ctx=Store(), lineno=1, col_offset=0, end_lineno=1, end_col_offset=1)], value=JoinedStr(values=[FormattedValue(value=Name(id='a', ctx=Load(), lineno=1, col_offset=8, end_lineno=1, end_col_offset=9), conversion=-1, format_spec=JoinedStr(values=[Constant(value='02d', lineno=1, col_offset=5, end_lineno=1, end_col_offset=15)], lineno=1, col_offset=5, end_lineno=1, end_col_offset=15), lineno=1, col_offset=5, end_lineno=2, end_col_offset=17), FormattedValue(value=Name(id='b', ctx=Load(), lineno=2, col_offset=8, end_lineno=2, end_col_offset=9), conversion=-1, format_spec=JoinedStr(values=[Constant(value='>', lineno=1, col_offset=5, end_lineno=2, end_col_offset=17), FormattedValue(value=Name(id='w', ctx=Load(), lineno=2, col_offset=12, end_lineno=2, end_col_offset=13), conversion=-1, lineno=1, col_offset=5, end_lineno=2, end_col_offset=17), Constant(value='x', lineno=2, col_offset=5, end_lineno=2, end_col_offset=17)], lineno=2, col_offset=5, end_lineno=2, end_col_offset=17), lineno=1, col_offset=5, end_lineno=2, end_col_offset=17)], lineno=1, col_offset=5, end_lineno=2, end_col_offset=17), lineno=1, col_offset=0, end_lineno=2, end_col_offset=18)], type_ignores=[])"#),
    (#"f"{a, b!r}", f"{(a), (b)}", f"{(a, b)}"\#n"#,
     #"Module(body=[Expr(value=Tuple(elts=[JoinedStr(values=[FormattedValue(value=Tuple(elts=[Name(id='a', ctx=Load(), lineno=1, col_offset=3, end_lineno=1, end_col_offset=4), Name(id='b', ctx=Load(), lineno=1, col_offset=6, end_lineno=1, end_col_offset=7)], ctx=Load(), lineno=1, col_offset=2, end_lineno=1, end_col_offset=8), conversion=114, lineno=1, col_offset=0, end_lineno=1, end_col_offset=11)], lineno=1, col_offset=0, end_lineno=1, end_col_offset=11), JoinedStr(values=[FormattedValue(value=Tuple(elts=[Name(id='a', ctx=Load(), lineno=1, col_offset=17, end_lineno=1, end_col_offset=18), Name(id='b', ctx=Load(), lineno=1, col_offset=22, end_lineno=1, end_col_offset=23)], ctx=Load(), lineno=1, col_offset=15, end_lineno=1, end_col_offset=25), conversion=-1, lineno=1, col_offset=13, end_lineno=1, end_col_offset=26)], lineno=1, col_offset=13, end_lineno=1, end_col_offset=26), JoinedStr(values=[FormattedValue(value=Tuple(elts=[Name(id='a', ctx=Load(), lineno=1, col_offset=32, end_lineno=1, end_col_offset=33), Name(id='b', ctx=Load(), lineno=1, col_offset=35, end_lineno=1, end_col_offset=36)], ctx=Load(), lineno=1, col_offset=31, end_lineno=1, end_col_offset=37), conversion=-1, lineno=1, col_offset=28, end_lineno=1, end_col_offset=39)], lineno=1, col_offset=28, end_lineno=1, end_col_offset=39)], ctx=Load(), lineno=1, col_offset=0, end_lineno=1, end_col_offset=39), lineno=1, col_offset=0, end_lineno=1, end_col_offset=39)], type_ignores=[])"#),
    (#"tuple[*Ts]\#nG[int, *Ts]\#n"#,
     #"Module(body=[Expr(value=Subscript(value=Name(id='tuple', ctx=Load(), lineno=1, col_offset=0, end_lineno=1, end_col_offset=5), slice=Tuple(elts=[Starred(value=Name(id='Ts', ctx=Load(), lineno=1, col_offset=7, end_lineno=1, end_col_offset=9), ctx=Load(), lineno=1, col_offset=6, end_lineno=1, end_col_offset=9)], ctx=Load(), lineno=1, col_offset=6, end_lineno=1, end_col_offset=9), ctx=Load(), lineno=1, col_offset=0, end_lineno=1, end_col_offset=10), lineno=1, col_offset=0, end_lineno=1, end_col_offset=10), Expr(value=Subscript(value=Name(id='G', ctx=Load(), lineno=2, col_offset=0, end_lineno=2, end_col_offset=1), slice=Tuple(elts=[Name(id='int', ctx=Load(), lineno=2, col_offset=2, end_lineno=2, end_col_offset=5), Starred(value=Name(id='Ts', ctx=Load(), lineno=2, col_offset=8, end_lineno=2, end_col_offset=10), ctx=Load(), lineno=2, col_offset=7, end_lineno=2, end_col_offset=10)], ctx=Load(), lineno=2, col_offset=2, end_lineno=2, end_col_offset=10), ctx=Load(), lineno=2, col_offset=0, end_lineno=2, end_col_offset=11), lineno=2, col_offset=0, end_lineno=2, end_col_offset=11)], type_ignores=[])"#),
])
func positionsAsCPython311(source: String, expected: String) {
    #expect(newSyntaxDump(source, attributes: true) == expected)
}

/// KOI8-R and other single-byte coding cookies decode as CPython does; a UTF-8 BOM with a
/// cookie CPython does not normalise to exactly `utf-8` is an error, as in CPython.
@Test func singleByteCookiesAndBOM() throws {
    let koi8: [UInt8] = Array("# -*- coding: koi8-r -*-\ns = '".utf8) + [0xF0, 0xD2, 0xC9] + Array("'\n".utf8)
    let tree = try #require(SyntaxCheck.parse(koi8, path: "<koi8>").tree)
    #expect(ASTDump.dump(tree, includeAttributes: false) == "Module(body=[Assign(targets=[Name(id='s', ctx=Store())], value=Constant(value='При'))], type_ignores=[])")
    let bom: [UInt8] = [0xEF, 0xBB, 0xBF]
    #expect(SyntaxCheck.parse(bom + Array("#coding: utf8\nx = 1\n".utf8), path: "<b>").readError?.message == "encoding problem: utf8 with BOM")
    #expect(SyntaxCheck.parse(bom + Array("# coding: latin-1\nx = 1\n".utf8), path: "<b>").readError?.message == "encoding problem: iso-8859-1 with BOM")
    #expect(SyntaxCheck.parse(bom + Array("# coding: UTF_8\nx = 1\n".utf8), path: "<b>").readError == nil)
    #expect(SyntaxCheck.parse(Array("# coding: utf8\nx = 1\n".utf8), path: "<b>").readError == nil)
}

/// A speculative parse (`match` is a soft keyword) that is thrown away also drops the exact
/// text it kept for a lone surrogate, so no later constant inherits it.
@Test func discardedSpeculativeParseForgetsSurrogates() {
    #expect(newSyntaxDump("match ('a', '\\udc80')\n") ==
        "Module(body=[Expr(value=Call(func=Name(id='match', ctx=Load()), args=[Constant(value='a'), Constant(value='\\udc80')], keywords=[]))], type_ignores=[])")
}

/// `\N{...}` escapes as CPython decodes them: table names and aliases in any case; Hangul
/// syllables and CJK unified ideographs (algorithmic, looked up without the table) only in
/// upper case.
@Test func namedUnicodeEscapes() {
    #expect(newSyntaxDump("s = \"\\N{LATIN SMALL LETTER A}\\N{CJK UNIFIED IDEOGRAPH-4E00}\\N{HANGUL SYLLABLE GAG}\\N{CJK COMPATIBILITY IDEOGRAPH-F900}\\N{cjk compatibility ideograph-F901}\\N{BEL}\\N{line feed}\\N{snowman}\\N{CJK UNIFIED IDEOGRAPH-20000}\\N{TANGUT COMPONENT-001}\\N{VARIATION SELECTOR-17}\\N{HANGUL SYLLABLE HIH}\"") ==
        "Module(body=[Assign(targets=[Name(id='s', ctx=Store())], value=Constant(value='a一각豈更\\x07\\n☃𠀀𘠀󠄀힣'))], type_ignores=[])")
    for bad in ["NO SUCH CHARACTER NAME", "HANGUL SYLLABLE QQQ", "hangul syllable HIH", "CJK UNIFIED IDEOGRAPH-4e00", "cjk unified ideograph-4E00"] {
        #expect(newSyntaxDump("s = \"\\N{\(bad)}\"").hasPrefix("error:"), "\(bad)")
    }
}
