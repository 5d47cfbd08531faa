import PythonSemantics
import PythonSyntax
import Testing
@testable import Dataflow

/// Parses `code` and builds its model and flow facts.
func analyse(_ code: String) -> (SemanticModel, ModuleFlow) {
    let tree = PythonParser.parse(SourceFile(path: "app.py", utf8: Array(code.utf8)))
    let model = SemanticModel(tree: tree, moduleName: "app")
    return (model, ModuleFlow(model: model))
}

/// For each `sink(X)` call in source order: the source text of the values the flow facts say
/// `X` may hold (sorted), or nil when the facts say nothing about `X` (a caller then treats the
/// container as one value).
func sinkSources(_ code: String) -> [[String]?] {
    let (model, flow) = analyse(code)
    let tree = model.tree
    let source = SourceFile(path: "app.py", utf8: Array(code.utf8))
    var out: [(Int32, [String]?)] = []
    for index in tree.exprs.indices {
        let id = ExprID(Int32(index))
        guard case .call(let function, let args, _) = tree[id].kind, tree.nameIdentifier(function) == "sink", let argument = args.first else { continue }
        let sources = flow.elementSources[argument] ?? flow.containerContents[argument]
        out.append((tree[id].range.start, sources.map { $0.map { source.text(tree[$0].range) }.sorted() }))
    }
    return out.sorted { $0.0 < $1.0 }.map(\.1)
}

@Suite("Containers: which stored value a read returns")
struct ContainerFlowTests {
    @Test func listAppendPopAndIndexing() {
        #expect(sinkSources("""
        def view(param):
            lst = []
            lst.append('safe')
            lst.append(param)
            lst.append('moresafe')
            lst.pop(0)
            sink(lst[1])
            sink(lst[0])
            sink(lst[-1])
            sink(lst[5])
        """) == [["'moresafe'"], ["param"], ["'moresafe'"], []])
    }

    @Test func listInsertExtendLiteralAndPopReturnsTheElement() {
        #expect(sinkSources("""
        def view(param):
            items = ['a']
            items.insert(0, param)
            items.extend(['b', 'c'])
            items += ['d']
            sink(items.pop())
            sink(items.pop(0))
            sink(items[0])
            sink(items)
        """) == [["'d'"], ["param"], ["'a'"], ["'a'", "'b'", "'c'"]])
    }

    @Test func dictLiteralStoresGetSetdefaultUpdatePop() {
        #expect(sinkSources("""
        def view(param):
            m = {'keyA': 'a-Value'}
            m['keyB'] = param
            m['keyC'] = 'another-Value'
            sink(m['keyA'])
            sink(m['keyB'])
            sink(m.get('keyC'))
            sink(m.get('missing', 'default'))
            sink(m.setdefault('keyD', 'dflt'))
            m.update({'keyA': param}, keyE='e')
            sink(m['keyA'])
            sink(m.pop('keyE'))
            sink(m.get('keyE'))
        """) == [["'a-Value'"], ["param"], ["'another-Value'"], ["'default'"], ["'dflt'"], ["param"], ["'e'"], []])
    }

    @Test func dictKeysValuesAndUnknownKeys() {
        #expect(sinkSources("""
        def view(param, k):
            d = dict(a='x', b=param)
            sink(d[k])
            sink(d.values())
            sink(d.keys())
            sink(d.get(k, 'z'))
        """) == [["'x'", "param"], ["'x'", "param"], [], ["'x'", "'z'", "param"]])
    }

    @Test func configParserSectionsAndOptions() {
        #expect(sinkSources("""
        import configparser
        def view(param):
            conf = configparser.ConfigParser()
            conf.add_section('section')
            conf.set('section', 'keyA', 'a-Value')
            conf.set('section', 'keyB', param)
            sink(conf.get('section', 'keyA'))
            sink(conf.get('section', 'KEYB'))
            sink(conf['section']['keyb'])
            sink(conf.get('section', 'none', fallback='fb'))
        """) == [["'a-Value'"], ["param"], ["param"], ["'fb'"]])
    }

    @Test func dequeBothEnds() {
        #expect(sinkSources("""
        from collections import deque
        def view(param):
            q = deque()
            q.append('tail')
            q.appendleft(param)
            sink(q.popleft())
            sink(q[0])
        """) == [["param"], ["'tail'"]])
    }

    @Test func branchesJoinAndConstantConditionsPrune() {
        #expect(sinkSources("""
        def view(param, flag):
            d = {}
            if flag:
                d['k'] = param
            else:
                d['k'] = 'safe'
            sink(d['k'])
            e = {}
            num = 106
            if (7 * 42) - num > 200:
                e['k'] = param
            else:
                e['k'] = 'safe'
            sink(e['k'])
        """) == [["'safe'", "param"], ["'safe'"]])
    }

    @Test func aBranchThatReturnsDoesNotJoin() {
        #expect(sinkSources("""
        def view(param, flag):
            d = {'k': 'safe'}
            if flag:
                d['k'] = param
                return 'early'
            sink(d['k'])
        """) == [["'safe'"]])
    }

    /// Where the pass cannot be sure, it says nothing (and callers treat the container whole).
    @Test func unknownWhenChangedInLoopsEscapedCapturedOrGlobal() {
        #expect(sinkSources("""
        CACHE = []
        def fill(x):
            CACHE.append(x)
        def view(param, rows, helper):
            lst = ['safe']
            for row in rows:
                lst.append(param)
            sink(lst[0])
            other = ['safe']
            helper(other)
            sink(other[0])
            captured = ['safe']
            def inner():
                captured.append(param)
            inner()
            sink(captured[0])
            sink(CACHE[0])
            m = {'a': 'safe'}
            m[param] = param
            sink(m['a'])
        """) == [nil, nil, nil, nil, nil])
    }

    @Test func readOnlyUsesKeepTheContainerTracked() {
        #expect(sinkSources("""
        def view(param):
            parts = ['a']
            n = len(parts)
            text = "-".join(parts)
            ok = 'a' in parts
            for p in parts:
                pass
            parts.append(param)
            sink(parts[1])
        """) == [["param"]])
    }
}

@Suite("Reachability: code that never runs")
struct ReachableCodeTests {
    func unreachableLines(_ code: String) -> [Int32] {
        let (model, flow) = analyse(code)
        return flow.unreachable.map { model.tree[$0].range.lineno }.sorted()
    }

    @Test func constantTestsAndCodeAfterReturn() {
        #expect(unreachableLines("""
        def view(param):
            if 3 * 5 > 100:
                bar = param
            if "a" in "abc":
                x = 1
            else:
                bar = param
            while False:
                bar = param
            return bar
            bar = param
        """) == [3, 7, 9, 11])
    }

    @Test func localConstantsSettleATestButModuleNamesDoNot() {
        #expect(unreachableLines("""
        DEBUG = False
        def view(param):
            num = 106
            if (7 * 42) - num > 200:
                bar = param
            if DEBUG:
                bar = param
            if param:
                bar = param
        """) == [5])
    }

    @Test func aMatchOnASettledSubjectTakesOneCase() {
        #expect(unreachableLines("""
        def view(param):
            guess = "ABC"[1]
            match guess:
                case "A":
                    bar = param
                case "B" | "Z":
                    bar = "safe"
                case _:
                    bar = param
            match param:
                case "A":
                    other = param
            match guess:
                case "X" if param:
                    other = param
                case "B":
                    other = "safe"
            match guess:
                case "B" if param:
                    other = "safe"
                case _:
                    other = param
        """) == [5, 9, 15])
    }
}

@Suite("Constant folding of conditions")
struct ConditionFoldingTests {
    func fold(_ expression: String) -> ConstantValue? {
        let (model, _) = analyse("x = " + expression)
        guard case .assign(_, let value, _) = model.tree[model.tree.body[0]].kind else { return nil }
        return model.constantValue(of: value)
    }

    @Test(arguments: [
        ("3 * 5 > 100", ConstantValue?.some(.bool(false))), ("(7 * 42) - 106 > 200", .bool(false)), ("0 < 5 <= 5", .bool(true)),
        ("'a' in 'abc'", .bool(true)), ("'z' not in ('a', 'b')", .bool(true)), ("'b' < 'a'", .bool(false)),
        ("1 == 'x'", .bool(false)), ("None == None", .bool(true)), ("1 and 0", .int(0)), ("'' or 'y'", .str("y")),
        ("'a' if 2 > 1 else 'b'", .str("a")), ("1.5 >= 1", .bool(true)), ("True == 1", .bool(true)),
        ("'ABC'[1]", .str("B")), ("'BenchmarkTest00033'[13:]", .str("00033")), ("'abc'[-1]", .str("c")), ("('a', 'b')[1]", .str("b")),
    ])
    func folds(_ expression: String, _ expected: ConstantValue?) {
        #expect(fold(expression) == expected)
    }

    @Test(arguments: ["x > 1", "1 < y", "'a' in z", "[] == []", "1 is 1", "a and 1", "1 < 'a'"])
    func unknownStaysUnknown(_ expression: String) {
        #expect(fold(expression) == nil)
    }
}
