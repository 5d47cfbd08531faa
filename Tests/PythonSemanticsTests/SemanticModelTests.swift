import PythonSyntax
import Testing
@testable import PythonSemantics

/// Parses `code` as module `name` and builds its model.
func model(_ code: String, module name: String = "app.views", isPackage: Bool = false) -> SemanticModel {
    let tree = PythonParser.parse(SourceFile(path: "x.py", utf8: Array(code.utf8)))
    return SemanticModel(tree: tree, moduleName: name, isPackage: isPackage)
}

/// The ids of every call in the model's tree, in source order, with the source text of the callee.
func calls(_ m: SemanticModel) -> [(text: String, id: ExprID)] {
    m.tree.exprs.indices.compactMap { index in
        let id = ExprID(Int32(index))
        guard case .call(let f, _, _) = m.tree[id].kind, m.scope(of: id) != nil else { return nil }
        return (m.tree.dottedName(f) ?? "?", id)
    }.sorted { m.tree[$0.id].range.start < m.tree[$1.id].range.start }
}

/// The qualified callee of each call, in source order.
func callees(_ code: String, module: String = "app.views", isPackage: Bool = false) -> [String?] {
    let m = model(code, module: module, isPackage: isPackage)
    return calls(m).map { m.calleeName(of: $0.id) }
}

/// The argument (first positional) of the n-th call, folded.
func foldedArgument(_ code: String, call index: Int = 0) -> ConstantValue? {
    let m = model(code)
    let all = calls(m)
    guard index < all.count, case .call(_, let args, _) = m.tree[all[index].id].kind, let first = args.first else { return nil }
    return m.constantValue(of: first)
}

@Suite("Imports, aliases and qualified names")
struct QualifiedNameTests {
    @Test func importAliases() {
        #expect(callees("""
        from subprocess import Popen as P
        import hashlib as h
        import os.path
        from os import system
        P(cmd, shell=True)
        h.new("md5")
        os.path.join("a", "b")
        system("ls")
        """) == ["subprocess.Popen", "hashlib.new", "os.path.join", "os.system"])
    }

    @Test func wellKnownModulesUsedWithoutAnImport() {
        // A snippet that never imports `subprocess` still means the module; a name the module
        // binds itself, or an unknown one, does not.
        #expect(callees("""
        subprocess.Popen(cmd, shell=True)
        helpers.run(cmd)
        def f(os):
            os.system("ls")
        """) == ["subprocess.Popen", nil, nil])
    }

    @Test func localDefinitionsShadowImports() {
        #expect(callees("""
        from os import system
        def system(cmd):
            return cmd
        system("ls")
        """) == ["app.views.system"])
    }

    @Test func parameterShadowsModule() {
        #expect(callees("""
        import os
        def run(os):
            os.system("ls")
        os.system("ls")
        """) == [nil, "os.system"])
    }

    @Test func builtinsAndUnknownNames() {
        #expect(callees("""
        eval("1")
        undefined_function()
        def f(eval):
            eval(x)
        """) == ["builtins.eval", nil, nil])
    }

    @Test func starImportMakesUnboundNamesUnknown() {
        #expect(callees("from os import *\nsystem('ls')\neval('1')\n") == [nil, nil])
    }

    @Test func aliasAssignmentsAreFollowed() {
        #expect(callees("""
        import subprocess
        run = subprocess.run
        run("ls")
        """) == ["subprocess.run"])
    }

    @Test func relativeImportsResolveAgainstTheModule() {
        #expect(callees("from .utils import helper\nfrom ..core import db\nhelper()\ndb.query()\n", module: "app.views") ==
                ["app.utils.helper", "core.db.query"])
        #expect(callees("from .utils import helper\nfrom ..core import db\nhelper()\ndb.query()\n", module: "pkg.sub.views") ==
                ["pkg.sub.utils.helper", "pkg.core.db.query"])
        #expect(callees("from . import forms\nforms.clean()\n", module: "pkg", isPackage: true) == ["pkg.forms.clean"])
    }

    @Test func alternativeImportsResolveToThePreferredOne() {
        #expect(callees("""
        try:
            import cPickle as pickle
        except ImportError:
            import pickle
        pickle.loads(b)
        """) == ["cPickle.loads"])
    }

    @Test func importInsideFunctionIsLocal() {
        #expect(callees("""
        def f():
            import pickle as p
            p.loads(b)
        p.loads(b)
        """) == ["pickle.loads", nil])
    }

    @Test func reassignmentAfterImportMakesItUnknownOnlyWhereItReaches() {
        let names = callees("""
        import hashlib
        hashlib.md5(b"")
        hashlib = make_fake()
        hashlib.md5(b"")
        """)
        #expect(names == ["hashlib.md5", nil, nil])
    }

    @Test func constructorNamesAndDecorators() throws {
        let m = model("""
        from flask import Flask
        import functools
        app = Flask(__name__)
        @app.route("/")
        @functools.lru_cache
        def index():
            return "x"
        """)
        let def = try #require(m.tree.stmts.indices.map { StmtID(Int32($0)) }.first {
            if case .functionDef = m.tree[$0].kind { return true } else { return false }
        })
        let decorators = m.decorators(of: def)
        #expect(decorators.count == 2)
        #expect(decorators[0].receiverClass == "flask.Flask")
        #expect(decorators[0].attribute == "route")
        #expect(decorators[0].call != nil)
        #expect(decorators[1].qualifiedName == "functools.lru_cache")
    }
}

@Suite("Scopes and bindings")
struct ScopeTests {
    @Test func scopeKindsAndQualifiedNames() {
        let m = model("""
        class UserView:
            def post(self):
                f = lambda x: x
                return [y for y in range(3)]
        """)
        let kinds = m.scopes.map(\.kind)
        #expect(kinds == [.module, .class, .function, .lambda, .comprehension])
        #expect(m.scopes.map(\.qualifiedName) == ["app.views", "app.views.UserView", "app.views.UserView.post",
                                                   "app.views.UserView.post.<lambda>", "app.views.UserView.post.<listcomp>"])
        #expect(m.localQualifiedName(ScopeID(2)) == "UserView.post")
    }

    @Test func classScopeIsNotVisibleFromMethods() {
        let m = model("""
        import os
        class C:
            os = None
            def m(self):
                os.system("x")
        """)
        let call = calls(m).first { $0.text == "os.system" }!
        #expect(m.calleeName(of: call.id) == "os.system")
    }

    @Test func globalAndNonlocal() {
        let m = model("""
        counter = 0
        def bump():
            global counter
            counter = 1
        def outer():
            x = 1
            def inner():
                nonlocal x
                x = 2
            return x
        """)
        #expect(m.bindings(named: "counter", in: .module).count == 2)
        let outer = ScopeID(Int32(m.scopes.firstIndex { $0.name == "outer" }!))
        #expect(m.bindings(named: "x", in: outer).count == 2)
        let inner = ScopeID(Int32(m.scopes.firstIndex { $0.name == "inner" }!))
        #expect(m.bindings(named: "x", in: inner).isEmpty)
    }

    @Test func comprehensionTargetsDoNotLeak() {
        let m = model("x = 1\nys = [x for x in range(3)]\nprint(x)\n")
        #expect(foldedArgument("x = 1\nys = [x for x in range(3)]\nprint(x)\n", call: 1) == .int(1))
        #expect(m.bindings(named: "x", in: .module).count == 1)
    }

    @Test func walrusBindsInTheEnclosingFunction() {
        let m = model("def f(xs):\n    if any((n := x) > 1 for x in xs):\n        return n\n")
        let f = ScopeID(1)
        #expect(m.bindings(named: "n", in: f).count == 1)
    }
}

@Suite("Constant folding")
struct ConstantFoldingTests {
    @Test(arguments: [
        ("f(\"a\" + \"b\")", ConstantValue.str("ab")),
        ("f(\"%s-%d\" % (\"x\", 3))", .str("x-3")),
        ("f(\"{}/{name}\".format(\"a\", name=\"b\"))", .str("a/b")),
        ("X = 2\nf(f\"v{X}\")", .str("v2")),
        ("f(-5 * 2 + 1)", .int(-9)),
        ("f(0o777)", .int(511)),
        ("f(2 ** 10)", .int(1024)),
        ("BASE = \"/tmp\"\nf(BASE + \"/x\")", .str("/tmp/x")),
        ("f(\", \".join([\"a\", \"b\"]))", .str("a, b")),
        ("f(not 0)", .bool(true)),
        ("f(\"ab\" * 2)", .str("abab")),
    ])
    func folds(code: String, expected: ConstantValue) {
        #expect(foldedArgument(code) == expected)
    }

    @Test(arguments: [
        "f(x + \"a\")",
        "f(f\"{x}\")",
        "def g(x):\n    f(x)",
        "y = 1\ny = 2 if c else 3\nf(y)",
        "f(\"%s %s\" % (\"a\",))",
        "f(\"{}\".format(a))",
    ])
    func doesNotGuess(code: String) {
        let m = model(code)
        let target = calls(m).first { $0.text == "f" }
        guard let target, case .call(_, let args, _) = m.tree[target.id].kind, let arg = args.first else {
            Issue.record("no call f in \(code)")
            return
        }
        #expect(m.constantValue(of: arg) == nil, "\(code)")
    }

    @Test func localsAssignedOnceFold() {
        #expect(foldedArgument("def g():\n    cmd = \"ls\"\n    f(cmd)\n") == .str("ls"))
    }

    @Test func moduleConstantsFoldInsideFunctions() {
        #expect(foldedArgument("KEY = 1024\ndef g():\n    f(KEY)\n") == .int(1024))
        #expect(foldedArgument("KEY = 1024\nKEY = 2048\ndef g():\n    f(KEY)\n") == nil)
    }

    @Test func stringShapeKeepsHoles() {
        let m = model("def g(name):\n    q = f\"SELECT * FROM t WHERE n = '{name}'\"\n    run(q)\n")
        let call = calls(m).first { $0.text == "run" }!
        guard case .call(_, let args, _) = m.tree[call.id].kind else { return }
        let shape = m.stringShape(of: args[0])
        #expect(shape.text(placeholder: "?") == "SELECT * FROM t WHERE n = '?'")
        #expect(shape.holes.count == 1)
        #expect(!shape.isConstant)
    }
}

@Suite("Def-use")
struct DefUseTests {
    /// The lines of the bindings reaching the argument of the last call to `use`.
    func reaching(_ code: String) -> [Int] {
        let m = model(code)
        let call = calls(m).last { $0.text == "use" }!
        guard case .call(_, let args, _) = m.tree[call.id].kind else { return [] }
        return m.reachingBindings(of: args[0]).map { Int(m[$0].range.lineno) }
    }

    @Test func straightLineKillsEarlierDefinitions() {
        #expect(reaching("def f():\n    x = 1\n    x = 2\n    use(x)\n") == [3])
    }

    @Test func branchesMerge() {
        #expect(reaching("def f(c):\n    x = 1\n    if c:\n        x = 2\n    use(x)\n") == [2, 4])
        #expect(reaching("def f(c):\n    if c:\n        x = 1\n    else:\n        x = 2\n    use(x)\n") == [3, 5])
    }

    @Test func aTryWhoseHandlersAllLeaveReplacesEarlierDefinitions() {
        #expect(reaching("def f(x):\n    try:\n        x = parse(x)\n    except ValueError:\n        return None\n    use(x)\n") == [3])
        // A handler that goes on: the body may not have run to its end.
        #expect(reaching("def f(x):\n    try:\n        x = parse(x)\n    except ValueError:\n        log()\n    use(x)\n") == [1, 3])
        #expect(reaching("def f(x):\n    try:\n        x = parse(x)\n    except ValueError:\n        if x:\n            raise\n    use(x)\n") == [1, 3])
    }

    @Test func parametersReach() {
        #expect(reaching("def f(x):\n    use(x)\n") == [1])
    }

    @Test func selfReferenceSeesThePreviousValue() {
        #expect(reaching("def f():\n    x = 1\n    x = x + 1\n    use(x)\n") == [3])
        let m = model("def f():\n    x = 1\n    x = x + 1\n")
        let loads = m.tree.exprs.indices.map { ExprID(Int32($0)) }.filter {
            if case .name("x", .load) = m.tree[$0].kind { return true } else { return false }
        }
        #expect(loads.count == 1)
        #expect(m.reachingBindings(of: loads[0]).map { Int(m[$0].range.lineno) } == [2])
        #expect(m.uses(of: m.reachingBindings(of: loads[0])[0]) == loads)
    }

    @Test func nestedFunctionsSeeEveryBinding() {
        #expect(reaching("x = 1\ndef f():\n    use(x)\nx = 2\n") == [1, 4])
    }
}

@Suite("Project view")
struct ProjectTests {
    @Test func moduleNamesFromPaths() {
        #expect(ModuleName.from(relativePath: "pkg/views.py") == ("pkg.views", false))
        #expect(ModuleName.from(relativePath: "pkg/__init__.py") == ("pkg", true))
        #expect(ModuleName.from(relativePath: "src/pkg/api/routes.py") == ("pkg.api.routes", false))
        #expect(ModuleName.from(relativePath: "./manage.py") == ("manage", false))
        #expect(ModuleName.resolveRelative(module: "x", level: 3, current: "a.b", isPackage: false) == nil)
    }

    @Test func callGraphFollowsImportsAndReExports() {
        let files = [
            ("pkg/__init__.py", "from .utils import helper\n"),
            ("pkg/utils.py", "import subprocess\ndef helper(cmd):\n    return subprocess.run(cmd)\n"),
            ("pkg/views.py", """
            from pkg import helper
            class View:
                def get(self):
                    return self.render()
                def render(self):
                    return helper("ls")
            """),
        ]
        let summaries = files.map { path, code -> ModuleSummary in
            let name = ModuleName.from(relativePath: path)
            return ModuleSummary(model: model(code, module: name.name, isPackage: name.isPackage), path: path)
        }
        let project = ProjectIndex(modules: summaries)
        #expect(project.functions["pkg.utils.helper"]?.parameters == ["cmd"])
        #expect(project.classes["pkg.views.View"]?.methods == ["get", "render"])
        #expect(project.canonicalName("pkg.helper") == "pkg.utils.helper")
        #expect(project.callees(of: "pkg.views.View.get") == ["pkg.views.View.render"])
        #expect(project.callees(of: "pkg.views.View.render") == ["pkg.utils.helper"])
        #expect(project.callers(of: "pkg.utils.helper") == ["pkg.views.View.render"])
        #expect(summaries[1].calls.map(\.callee) == ["subprocess.run"])
    }

    /// Scanned from the repository root, an app that runs from `web/` imports `pgadmin.utils`
    /// for the module `web.pgadmin.utils`; a suffix two modules share names neither.
    @Test func importsBelowTheScannedFolderResolveByTheirUniqueSuffix() {
        let files = [
            ("web/pgadmin/__init__.py", ""),
            ("web/pgadmin/utils/__init__.py", "def storage(name):\n    return name\n"),
            ("web/pgadmin/views.py", "from pgadmin.utils import storage\ndef view(x):\n    return storage(x)\n"),
            ("web/a/common.py", "def f():\n    pass\n"),
            ("tools/b/common.py", "def f():\n    pass\n"),
        ]
        let summaries = files.map { path, code -> ModuleSummary in
            let name = ModuleName.from(relativePath: path)
            return ModuleSummary(model: model(code, module: name.name, isPackage: name.isPackage), path: path)
        }
        let project = ProjectIndex(modules: summaries)
        #expect(project.resolveFunction("pgadmin.utils.storage") == "web.pgadmin.utils.storage")
        #expect(project.callees(of: "web.pgadmin.views.view") == ["web.pgadmin.utils.storage"])
        #expect(project.resolveFunction("common.f") == nil)
        #expect(project.resolveFunction("json.loads") == nil)
    }
}

@Test func aComprehensionsElementSeesItsLoopTargets() {
    // The element is written before the loops but computed after them; the first iterable is
    // the enclosing scope's.
    let m = model("""
    def f(v):
        pairs = [(c, d) for c in v if c for d in c]
        return {k: n for k, n in pairs}
    """)
    var seen: [String: [String]] = [:]
    for index in m.tree.exprs.indices {
        let id = ExprID(Int32(index))
        guard case .name(let n, .load) = m.tree[id].kind else { continue }
        seen[n, default: []].append(contentsOf: m.reachingBindings(of: id).map { binding -> String in
            switch m[binding].kind {
            case .loopTarget: return "loop"
            case .parameter: return "parameter"
            case .assignment: return "assignment"
            default: return "other"
            }
        })
    }
    #expect(seen["c"] == ["loop", "loop", "loop"])
    #expect(seen["d"] == ["loop"])
    #expect(seen["v"] == ["parameter"])
    #expect(seen["k"] == ["loop"] && seen["n"] == ["loop"] && seen["pairs"] == ["assignment"])
}

@Test func dynamicLookupsOfConstantNamesResolve() {
    #expect(callees("""
    import os, importlib
    getattr(os, "system")(cmd)
    __import__("os").system(cmd)
    importlib.import_module("os.path").join(a, b)
    run = getattr(os, "popen")
    run(cmd)
    getattr(os, name)(cmd)
    getattr(os, "sys" + "tem")(cmd)
    """).filter { $0?.hasPrefix("os") == true } == ["os.system", "os.system", "os.path.join", "os.popen", "os.system"])
}

@Test func dedentAndStripOfConstantsFold() {
    #expect(foldedArgument("f(textwrap.dedent('''\n    a\n      b\n'''))".replacingOccurrences(of: "f(", with: "import textwrap\nf(")) == .str("\na\n  b\n"))
    #expect(foldedArgument("f('  x  '.strip())") == .str("x"))
    #expect(foldedArgument("f('  x  '.rstrip())") == .str("  x"))
}

@Test func chrOfAConstantFolds() {
    #expect(foldedArgument("f(chr(39))") == .str("'"))
    #expect(foldedArgument("f(chr(0x41) + 'b')") == .str("Ab"))
    #expect(foldedArgument("f(chr(-1))") == nil)
    // A local `chr` is not the built-in.
    #expect(foldedArgument("chr = str\nf(chr(39))") == nil)
}

@Test func aPlaceholderNoneDoesNotHideWhatAGlobalIsMadeFrom() {
    let m = model("""
    import files_lib
    store = None
    def init():
        global store
        store = files_lib.Store()
    def view():
        return store.read(1)
    """)
    let uses = m.tree.exprs.indices.map { ExprID(Int32($0)) }.filter {
        if case .name("store", .load) = m.tree[$0].kind { return true } else { return false }
    }
    #expect(uses.map { m.constructorName(of: $0) } == ["files_lib.Store"])
}

@Test func membershipInANamedConstantCollectionFolds() {
    #expect(foldedArgument("ALLOWED = ['epub', 'pdf']\nf('' in ALLOWED)", call: 0) == .bool(false))
    #expect(foldedArgument("KINDS = ('a', 'b')\nf('a' in KINDS)", call: 0) == .bool(true))
    // A lower-case list may be appended to before the test: not folded.
    #expect(foldedArgument("allowed = ['a']\nallowed.append(x)\nf('b' in allowed)", call: 1) == nil)
}
