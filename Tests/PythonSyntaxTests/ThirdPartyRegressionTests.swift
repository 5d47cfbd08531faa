import Foundation
import Testing
@testable import PythonSyntax

// Divergences from CPython 3.11 found by running `taintline dump-ast` over third-party code
// (site-packages of popular packages, test corpora of black, libcst, pylint, parso; see
// Docs/parser.md). Expected dumps were printed by CPython 3.11.7's
// `ast.dump(ast.parse(source), include_attributes=True)`.

@Test(arguments: [
    // A backslash does not escape an f-string brace: `\{{` is a backslash and a literal
    // brace (pygments), `\{a}` a backslash and a field.
    ("x = rf'({a})(\\{{)'\n",
     "Module(body=[Assign(targets=[Name(id='x', ctx=Store(), lineno=1, col_offset=0, end_lineno=1, end_col_offset=1)], value=JoinedStr(values=[Constant(value='(', lineno=1, col_offset=4, end_lineno=1, end_col_offset=18), FormattedValue(value=Name(id='a', ctx=Load(), lineno=1, col_offset=9, end_lineno=1, end_col_offset=10), conversion=-1, lineno=1, col_offset=4, end_lineno=1, end_col_offset=18), Constant(value=')(\\\\{)', lineno=1, col_offset=4, end_lineno=1, end_col_offset=18)], lineno=1, col_offset=4, end_lineno=1, end_col_offset=18), lineno=1, col_offset=0, end_lineno=1, end_col_offset=18)], type_ignores=[])"),
    ("x = rf'\\{a}'\n",
     "Module(body=[Assign(targets=[Name(id='x', ctx=Store(), lineno=1, col_offset=0, end_lineno=1, end_col_offset=1)], value=JoinedStr(values=[Constant(value='\\\\', lineno=1, col_offset=4, end_lineno=1, end_col_offset=12), FormattedValue(value=Name(id='a', ctx=Load(), lineno=1, col_offset=9, end_lineno=1, end_col_offset=10), conversion=-1, lineno=1, col_offset=4, end_lineno=1, end_col_offset=12)], lineno=1, col_offset=4, end_lineno=1, end_col_offset=12), lineno=1, col_offset=0, end_lineno=1, end_col_offset=12)], type_ignores=[])"),
    ("x = f'\\{6}'\n",
     "Module(body=[Assign(targets=[Name(id='x', ctx=Store(), lineno=1, col_offset=0, end_lineno=1, end_col_offset=1)], value=JoinedStr(values=[Constant(value='\\\\', lineno=1, col_offset=4, end_lineno=1, end_col_offset=11), FormattedValue(value=Constant(value=6, lineno=1, col_offset=8, end_lineno=1, end_col_offset=9), conversion=-1, lineno=1, col_offset=4, end_lineno=1, end_col_offset=11)], lineno=1, col_offset=4, end_lineno=1, end_col_offset=11), lineno=1, col_offset=0, end_lineno=1, end_col_offset=11)], type_ignores=[])"),
    // `kind='u'` only for a lowercase `u` on the first token; f-string pieces get it too,
    // except the text that ends a format spec (black's test data).
    ("x = u'a' 'b'\n",
     "Module(body=[Assign(targets=[Name(id='x', ctx=Store(), lineno=1, col_offset=0, end_lineno=1, end_col_offset=1)], value=Constant(value='ab', kind='u', lineno=1, col_offset=4, end_lineno=1, end_col_offset=12), lineno=1, col_offset=0, end_lineno=1, end_col_offset=12)], type_ignores=[])"),
    ("x = U'a'\n",
     "Module(body=[Assign(targets=[Name(id='x', ctx=Store(), lineno=1, col_offset=0, end_lineno=1, end_col_offset=1)], value=Constant(value='a', lineno=1, col_offset=4, end_lineno=1, end_col_offset=8), lineno=1, col_offset=0, end_lineno=1, end_col_offset=8)], type_ignores=[])"),
    ("x = u'' f'a{x:>{w}}b' 'c'\n",
     "Module(body=[Assign(targets=[Name(id='x', ctx=Store(), lineno=1, col_offset=0, end_lineno=1, end_col_offset=1)], value=JoinedStr(values=[Constant(value='a', kind='u', lineno=1, col_offset=4, end_lineno=1, end_col_offset=25), FormattedValue(value=Name(id='x', ctx=Load(), lineno=1, col_offset=12, end_lineno=1, end_col_offset=13), conversion=-1, format_spec=JoinedStr(values=[Constant(value='>', kind='u', lineno=1, col_offset=4, end_lineno=1, end_col_offset=25), FormattedValue(value=Name(id='w', ctx=Load(), lineno=1, col_offset=16, end_lineno=1, end_col_offset=17), conversion=-1, lineno=1, col_offset=4, end_lineno=1, end_col_offset=25)], lineno=1, col_offset=8, end_lineno=1, end_col_offset=21), lineno=1, col_offset=4, end_lineno=1, end_col_offset=25), Constant(value='bc', kind='u', lineno=1, col_offset=4, end_lineno=1, end_col_offset=25)], lineno=1, col_offset=4, end_lineno=1, end_col_offset=25), lineno=1, col_offset=0, end_lineno=1, end_col_offset=25)], type_ignores=[])"),
    ("x = u'x' f'{x!r:{y}.3}' f'{f\"{a}b\"}'\n",
     "Module(body=[Assign(targets=[Name(id='x', ctx=Store(), lineno=1, col_offset=0, end_lineno=1, end_col_offset=1)], value=JoinedStr(values=[Constant(value='x', kind='u', lineno=1, col_offset=4, end_lineno=1, end_col_offset=36), FormattedValue(value=Name(id='x', ctx=Load(), lineno=1, col_offset=12, end_lineno=1, end_col_offset=13), conversion=114, format_spec=JoinedStr(values=[FormattedValue(value=Name(id='y', ctx=Load(), lineno=1, col_offset=17, end_lineno=1, end_col_offset=18), conversion=-1, lineno=1, col_offset=4, end_lineno=1, end_col_offset=36), Constant(value='.3', lineno=1, col_offset=9, end_lineno=1, end_col_offset=23)], lineno=1, col_offset=9, end_lineno=1, end_col_offset=23), lineno=1, col_offset=4, end_lineno=1, end_col_offset=36), FormattedValue(value=JoinedStr(values=[FormattedValue(value=Name(id='a', ctx=Load(), lineno=1, col_offset=30, end_lineno=1, end_col_offset=31), conversion=-1, lineno=1, col_offset=27, end_lineno=1, end_col_offset=34), Constant(value='b', lineno=1, col_offset=27, end_lineno=1, end_col_offset=34)], lineno=1, col_offset=27, end_lineno=1, end_col_offset=34), conversion=-1, lineno=1, col_offset=4, end_lineno=1, end_col_offset=36)], lineno=1, col_offset=4, end_lineno=1, end_col_offset=36), lineno=1, col_offset=0, end_lineno=1, end_col_offset=36)], type_ignores=[])"),
    ("x = u'' f'{x=:>3}'\n",
     "Module(body=[Assign(targets=[Name(id='x', ctx=Store(), lineno=1, col_offset=0, end_lineno=1, end_col_offset=1)], value=JoinedStr(values=[Constant(value='x=', kind='u', lineno=1, col_offset=4, end_lineno=1, end_col_offset=18), FormattedValue(value=Name(id='x', ctx=Load(), lineno=1, col_offset=11, end_lineno=1, end_col_offset=12), conversion=-1, format_spec=JoinedStr(values=[Constant(value='>3', lineno=1, col_offset=8, end_lineno=1, end_col_offset=18)], lineno=1, col_offset=8, end_lineno=1, end_col_offset=18), lineno=1, col_offset=4, end_lineno=1, end_col_offset=18)], lineno=1, col_offset=4, end_lineno=1, end_col_offset=18), lineno=1, col_offset=0, end_lineno=1, end_col_offset=18)], type_ignores=[])"),
    ("x = f'a' u'b'\n",
     "Module(body=[Assign(targets=[Name(id='x', ctx=Store(), lineno=1, col_offset=0, end_lineno=1, end_col_offset=1)], value=JoinedStr(values=[Constant(value='ab', lineno=1, col_offset=4, end_lineno=1, end_col_offset=13)], lineno=1, col_offset=4, end_lineno=1, end_col_offset=13), lineno=1, col_offset=0, end_lineno=1, end_col_offset=13)], type_ignores=[])"),
    // A backslash continuation within a line's indentation: the next line's blanks count,
    // unless the backslash stands at a column > 0, whose column is then the indentation.
    ("class C:\n\\\n    pass\n",
     "Module(body=[ClassDef(name='C', bases=[], keywords=[], body=[Pass(lineno=3, col_offset=4, end_lineno=3, end_col_offset=8)], decorator_list=[], lineno=1, col_offset=0, end_lineno=3, end_col_offset=8)], type_ignores=[])"),
    ("if x:\n\\\n    pass\n    y\n",
     "Module(body=[If(test=Name(id='x', ctx=Load(), lineno=1, col_offset=3, end_lineno=1, end_col_offset=4), body=[Pass(lineno=3, col_offset=4, end_lineno=3, end_col_offset=8), Expr(value=Name(id='y', ctx=Load(), lineno=4, col_offset=4, end_lineno=4, end_col_offset=5), lineno=4, col_offset=4, end_lineno=4, end_col_offset=5)], orelse=[], lineno=1, col_offset=0, end_lineno=4, end_col_offset=5)], type_ignores=[])"),
    ("if x:\n  \\\n    pass\n  y\n",
     "Module(body=[If(test=Name(id='x', ctx=Load(), lineno=1, col_offset=3, end_lineno=1, end_col_offset=4), body=[Pass(lineno=3, col_offset=4, end_lineno=3, end_col_offset=8), Expr(value=Name(id='y', ctx=Load(), lineno=4, col_offset=2, end_lineno=4, end_col_offset=3), lineno=4, col_offset=2, end_lineno=4, end_col_offset=3)], orelse=[], lineno=1, col_offset=0, end_lineno=4, end_col_offset=3)], type_ignores=[])"),
    ("if x:\n    pass\n  \\\n  # c\ny\n",
     "Module(body=[If(test=Name(id='x', ctx=Load(), lineno=1, col_offset=3, end_lineno=1, end_col_offset=4), body=[Pass(lineno=2, col_offset=4, end_lineno=2, end_col_offset=8)], orelse=[], lineno=1, col_offset=0, end_lineno=2, end_col_offset=8), Expr(value=Name(id='y', ctx=Load(), lineno=5, col_offset=0, end_lineno=5, end_col_offset=1), lineno=5, col_offset=0, end_lineno=5, end_col_offset=1)], type_ignores=[])"),
    ("if x:\n  \\\n  \\\n    pass\n  y\n",
     "Module(body=[If(test=Name(id='x', ctx=Load(), lineno=1, col_offset=3, end_lineno=1, end_col_offset=4), body=[Pass(lineno=4, col_offset=4, end_lineno=4, end_col_offset=8), Expr(value=Name(id='y', ctx=Load(), lineno=5, col_offset=2, end_lineno=5, end_col_offset=3), lineno=5, col_offset=2, end_lineno=5, end_col_offset=3)], orelse=[], lineno=1, col_offset=0, end_lineno=5, end_col_offset=3)], type_ignores=[])"),
    ("if x:\n  \\\n    pass\n    y\n",
     "error: unexpected indent (line 4, column 4)"),
])
func thirdPartyDivergencesDumpAsCPython(source: String, expected: String) {
    #expect(newSyntaxDump(source, attributes: true) == expected)
}

/// Coding cookies naming Python's aliases of UTF-8 and Latin-1, and CJK multi-byte codecs
/// (joblib's tests have a `# -*- coding: big5 -*-` file; pylint's `# -*- encoding: utf -*-`).
@Test(arguments: [
    ("utf", [UInt8]("s = 'é'\n".utf8), "é"),
    ("u8", [UInt8]("s = 'é'\n".utf8), "é"),
    ("latin", [0x73, 0x20, 0x3D, 0x20, 0x27, 0xE9, 0x27, 0x0A], "é"),
    ("big5", [0x73, 0x20, 0x3D, 0x20, 0x27, 0xA4, 0xA4, 0xA4, 0xE5, 0x27, 0x0A], "中文"),
    ("cp950", [0x73, 0x20, 0x3D, 0x20, 0x27, 0xA4, 0xA4, 0xA4, 0xE5, 0x27, 0x0A], "中文"),
    ("gbk", [0x73, 0x20, 0x3D, 0x20, 0x27, 0xD6, 0xD0, 0xCE, 0xC4, 0x27, 0x0A], "中文"),
    ("gb2312", [0x73, 0x20, 0x3D, 0x20, 0x27, 0xD6, 0xD0, 0xCE, 0xC4, 0x27, 0x0A], "中文"),
    ("euc_kr", [0x73, 0x20, 0x3D, 0x20, 0x27, 0xC7, 0xD1, 0xB1, 0xB9, 0x27, 0x0A], "한국"),
    ("cp932", [0x73, 0x20, 0x3D, 0x20, 0x27, 0x93, 0xFA, 0x96, 0x7B, 0x27, 0x0A], "日本"),
])
func codingCookieAliasesAndCJKCodecs(codec: String, body: [UInt8], expected: String) throws {
    let raw = Array("# -*- coding: \(codec) -*-\n".utf8) + body
    let source = try SourceFile.decode(path: "<test>", raw: raw)
    let tree = PythonParser.parse(source)
    #expect(tree.errors.isEmpty)
    #expect(ASTDump.dump(tree, includeAttributes: false).contains("Constant(value='\(expected)')"))
}

@Test func unknownOrInvalidCJKStillRejected() {
    #expect(throws: SourceFile.DecodingError.self) {
        try SourceFile.decode(path: "<test>", raw: Array("# coding: big-five-ish\nx = 1\n".utf8))
    }
    // 0xFF cannot start a Big5 character (the converter makes it a private-use character).
    #expect(throws: SourceFile.DecodingError.self) {
        try SourceFile.decode(path: "<test>", raw: Array("# coding: big5\n".utf8) + [0x73, 0x3D, 0x27, 0xFF, 0xFF, 0x27, 0x0A])
    }
}

/// Unpacking in a comprehension's element is PEP 798 (3.15; pylint's `*_py315.py` tests):
/// an error up to 3.14, with CPython 3.11's messages and positions.
@Test(arguments: [
    ("[*x for x in y]\n", "error: iterable unpacking cannot be used in comprehension (line 1, column 2)"),
    ("{*x for x in y}\n", "error: iterable unpacking cannot be used in comprehension (line 1, column 2)"),
    ("[*x async for x in y]\n", "error: iterable unpacking cannot be used in comprehension (line 1, column 2)"),
    ("f(*x for x in y)\n", "error: iterable unpacking cannot be used in comprehension (line 1, column 3)"),
    ("{**x for x in y}\n", "error: dict unpacking cannot be used in dict comprehension (line 1, column 2)"),
    ("[a, b for a in c]\n", "error: did you forget parentheses around the comprehension target? (line 1, column 2)"),
    ("[a, b, for x in y]\n", "error: did you forget parentheses around the comprehension target? (line 1, column 2)"),
    ("{a, *b for a in c}\n", "error: did you forget parentheses around the comprehension target? (line 1, column 2)"),
    ("[a, for x in y]\n", "error: did you forget parentheses around the comprehension target? (line 1, column 2)"),
    ("[(a, b) for a, b in c]\n", "Module(body=[Expr(value=ListComp(elt=Tuple(elts=[Name(id='a', ctx=Load()), Name(id='b', ctx=Load())], ctx=Load()), generators=[comprehension(target=Tuple(elts=[Name(id='a', ctx=Store()), Name(id='b', ctx=Store())], ctx=Store()), iter=Name(id='c', ctx=Load()), ifs=[], is_async=0)]))], type_ignores=[])"),
    ("x = [*a, *b], {*a, *b}, {**a, **b}, f(*a, *b)\n", "Module(body=[Assign(targets=[Name(id='x', ctx=Store())], value=Tuple(elts=[List(elts=[Starred(value=Name(id='a', ctx=Load()), ctx=Load()), Starred(value=Name(id='b', ctx=Load()), ctx=Load())], ctx=Load()), Set(elts=[Starred(value=Name(id='a', ctx=Load()), ctx=Load()), Starred(value=Name(id='b', ctx=Load()), ctx=Load())]), Dict(keys=[None, None], values=[Name(id='a', ctx=Load()), Name(id='b', ctx=Load())]), Call(func=Name(id='f', ctx=Load()), args=[Starred(value=Name(id='a', ctx=Load()), ctx=Load()), Starred(value=Name(id='b', ctx=Load()), ctx=Load())], keywords=[])], ctx=Load()))], type_ignores=[])"),
])
func unpackingInComprehensionsIsRejected(source: String, expected: String) {
    #expect(newSyntaxDump(source) == expected)
}

/// Bytes that are not UTF-8 in a comment: CPython's `compile` of a module's bytes (what
/// `import` does) and `ast.parse` accept them; in a string or a name they are an error.
@Test func invalidUTF8InCommentsIsAccepted() throws {
    let raw: [UInt8] = Array("# caf".utf8) + [0xE9] + Array("\nx = 1  # ".utf8) + [0xFF, 0xFE, 0xF0, 0x9F] + Array("\ny = 2\n".utf8)
    let source = try SourceFile.decode(path: "<test>", raw: raw)
    #expect(source.bytes.count == raw.count)
    let tree = PythonParser.parse(source)
    #expect(tree.errors.isEmpty)
    #expect(ASTDump.dump(tree, includeAttributes: true) == "Module(body=[Assign(targets=[Name(id='x', ctx=Store(), lineno=2, col_offset=0, end_lineno=2, end_col_offset=1)], value=Constant(value=1, lineno=2, col_offset=4, end_lineno=2, end_col_offset=5), lineno=2, col_offset=0, end_lineno=2, end_col_offset=5), Assign(targets=[Name(id='y', ctx=Store(), lineno=3, col_offset=0, end_lineno=3, end_col_offset=1)], value=Constant(value=2, lineno=3, col_offset=4, end_lineno=3, end_col_offset=5), lineno=3, col_offset=0, end_lineno=3, end_col_offset=5)], type_ignores=[])")
    for bad in [Array("x = 'caf".utf8) + [0xE9] + Array("'  # ok\n".utf8),
                Array("caf".utf8) + [0xE9] + Array(" = 1\n".utf8),
                Array("# ok\n'''\n# not a comment ".utf8) + [0xE9] + Array("\n'''\n".utf8),
                // `utf8` is not read as "utf-8" by CPython's tokenizer: the codec decodes it all.
                Array("# coding: utf8\n# ".utf8) + [0xE9] + Array("\nx = 1\n".utf8)] {
        #expect(throws: SourceFile.DecodingError.self) { try SourceFile.decode(path: "<test>", raw: bad) }
    }
}

/// With a BOM or a cookie CPython's tokenizer reads as "utf-8", comments are not decoded either.
@Test func invalidUTF8InCommentsWithAUTF8Cookie() throws {
    for head in ["\u{FEFF}", "# coding: utf-8\n", "# -*- coding: UTF_8 -*-\n"] {
        let raw = Array(head.utf8) + Array("# ".utf8) + [0xE9] + Array("\nx = 1\n".utf8)
        let tree = PythonParser.parse(try SourceFile.decode(path: "<test>", raw: raw))
        #expect(ASTDump.dump(tree, includeAttributes: false) == "Module(body=[Assign(targets=[Name(id='x', ctx=Store())], value=Constant(value=1))], type_ignores=[])")
    }
}
