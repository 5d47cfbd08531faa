import PythonSemantics
import PythonSyntax
import Testing
@testable import Dataflow

/// For each `sink(x)` call in source order: whether the flow facts say the name passed is
/// restricted to a safe shape there.
func guardedAtSinks(_ code: String) -> [Bool] {
    let (model, flow) = analyse(code)
    let tree = model.tree
    var out: [(Int32, Bool)] = []
    for index in tree.exprs.indices {
        let id = ExprID(Int32(index))
        guard case .call(let function, let args, _) = tree[id].kind, tree.nameIdentifier(function) == "sink",
              let argument = args.first, case .name(let name, _) = tree[argument].kind else { continue }
        out.append((tree[id].range.start, flow.isGuarded(name, at: argument)))
    }
    return out.sorted { $0.0 < $1.0 }.map(\.1)
}

@Suite("Guards: checks that restrict a value's shape")
struct GuardedNamesTests {
    @Test func identityWithAConstant() {
        #expect(guardedAtSinks("""
        def view(a, b, c):
            if a is None:
                sink(a)
            else:
                sink(a)
            if b is not None:
                return
            sink(b)
            if c is not None:
                sink(c)
        """) == [true, false, true, false])
    }

    @Test func equalityAlternativesAndAnchoredPatterns() {
        #expect(guardedAtSinks("""
        import re
        NAME = re.compile(r"^[a-z]+$")
        LOOSE = re.compile(r"[a-z]+")
        def view(a, b, c, d, e, f, g):
            if a == "/home" or a == "/help":
                sink(a)
            if b == "/home" or c == "/help":
                sink(b)
            if re.match(r"^[a-zA-Z0-9_-]+$", c):
                sink(c)
            if re.search(r"[a-z]+$", d):
                sink(d)
            if re.match(r"^a|b$", e):
                sink(e)
            if NAME.match(f):
                sink(f)
            if LOOSE.match(g):
                sink(g)
            if a != "x":
                return
            sink(a)
        """) == [true, false, true, false, false, true, false, true])
    }

    @Test func checksProductionCodeWrites() {
        #expect(guardedAtSinks("""
        ALLOWED = ["epub", "pdf"]
        def view(ext, url, base, order, name):
            if ext not in ALLOWED and "" not in ALLOWED:
                return "bad"
            sink(ext)
            if url and not validate_api_url(url):
                return "bad"
            sink(url)
            ok, reason = is_api_base_safe(base)
            if not ok:
                return reason
            sink(base)
            if order not in ["asc", "desc"]:
                order = "asc"
            sink(order)
            if name not in ["a", "b"]:
                log(name)
            sink(name)
        """) == [true, true, true, true, false])
    }

    @Test func membershipInWhatTheProgramOrItsConfigurationHolds() {
        #expect(guardedAtSinks("""
        import config
        from models import User
        OPTIONS = [read_options()]
        def view(a, b, c, ext):
            if a not in OPTIONS:
                return
            sink(a)
            allowed = config.upload_formats.split(",")
            if b.lower() not in allowed:
                return
            sink(b)
            if ext not in allowed and "" not in allowed:
                return
            sink(ext)
            if c not in User.__table__.columns.keys():
                c = "id"
            sink(c)
        """) == [true, true, true, true])
    }

    @Test func whatBothBranchesLeaveRestrictedHoldsAfterThem() {
        #expect(guardedAtSinks("""
        COLUMNS = ["id", "name"]
        def view(sort, order, kind, other):
            if sort == "state":
                state = 1
            else:
                if sort not in COLUMNS:
                    sort = "id"
            sink(sort)
            if order == "asc":
                pass
            else:
                order = fetch()
            sink(order)
            if kind == "a":
                kind = fetch()
            else:
                if kind not in COLUMNS:
                    kind = "id"
            sink(kind)
            if other == "x":
                pass
            elif other not in COLUMNS:
                other = "id"
            sink(other)
        """) == [true, false, false, true])
    }

    @Test func membershipSpeltAsASearchWithAny() {
        #expect(guardedAtSinks("""
        from flask import abort
        FORMATS = ("epub", "pdf", "mobi")
        def view(fmt, kind, other, loose, name):
            if not any(fmt.lower() == option for option in FORMATS):
                abort(400)
            sink(fmt)
            if any(option == kind for option in ["a", "b"]):
                sink(kind)
            if any(option == other for option in request.args.getlist("o")):
                sink(other)
            if any(loose in option for option in FORMATS):
                sink(loose)
            if any(name == option for option in FORMATS if option):
                sink(name)
        """) == [true, true, false, false, false])
    }

    @Test func checksInsideABranchHoldWhenTheOtherBranchLeaves() {
        #expect(guardedAtSinks("""
        ALLOWED = ["epub", "pdf"]
        def view(names):
            for name in names:
                if "." in name:
                    ext = name.rsplit(".", 1)[-1].lower()
                    if ext not in ALLOWED:
                        continue
                else:
                    continue
                sink(ext)
                if "." in name:
                    other = name.rsplit(".", 1)[-1]
                else:
                    continue
                sink(other)
        """) == [true, false])
    }

    @Test func aCommandRunIsNoCheck() {
        // `subprocess.check_call(cmd)` runs the command; the name does not make it a validator.
        #expect(guardedAtSinks("""
        import subprocess
        def view(cmd, path):
            subprocess.check_call(cmd)
            sink(cmd)
            check_path(path)
            sink(path)
        """) == [false, true])
    }

    @Test func earlyExitsOnAFailedCheck() {
        #expect(guardedAtSinks("""
        import re
        from flask import abort
        ALLOWED = {"red", "green"}
        def view(a, b, c, d, e):
            if not a.isalnum():
                abort(400)
            sink(a)
            if b not in ALLOWED:
                return "no"
            sink(b)
            if not re.fullmatch(r"[0-9]+", c):
                raise ValueError(c)
            sink(c)
            assert d.replace("-", "").isdigit()
            sink(d)
            if not isinstance(e, int):
                return None
            sink(e)
        """) == [true, true, true, true, true])
    }

    @Test func insideTheBranchThatPassed() {
        #expect(guardedAtSinks("""
        def view(a, b):
            if a.isdigit():
                sink(a)
            else:
                sink(a)
            if not b.isalnum() or not a.isalnum():
                pass
            else:
                sink(b)
        """) == [true, false, true])
    }

    @Test func checksThatDoNotEndThePathOrAreUndoneRestrictNothing() {
        #expect(guardedAtSinks("""
        import re
        from flask import request
        def view(a, b, c, d, e):
            if a.isalnum():
                log("ok")
            sink(a)
            if not b.isdigit():
                b = b.strip()
            sink(b)
            if not c.isdigit():
                return
            c = c + other
            sink(c)
            # A list the client sends allows whatever the client likes.
            if d not in request.args.getlist("allowed"):
                return
            sink(d)
            if not re.match(r"[a-z]", e):
                return
            sink(e)
        """) == [false, false, false, false, false])
    }

    @Test func aCheckCalledForItsExceptionGuardsWhatFollows() {
        #expect(guardedAtSinks("""
        def view(base, path, name, other):
            sink(path)
            Filemanager.check_access_permission(base, path)
            sink(path)
            validate_name(name=name)
            sink(name)
            result = is_valid(other)
            sink(other)
            log_value(other)
            sink(other)
        """) == [false, true, true, false, false])
    }

    @Test func aCheckInATryWhoseHandlersAllLeaveGuardsWhatFollows() {
        #expect(guardedAtSinks("""
        def view(base, path, other, third):
            try:
                Filemanager.check_access_permission(base, path)
                sink(path)
            except Exception as e:
                return internal_server_error(str(e))
            sink(path)
            try:
                validate(other)
            except ValueError:
                log(other)
            sink(other)
            try:
                check_name(third)
                third = third + "/"
            except ValueError:
                raise
            sink(third)
        """) == [true, true, false, false])
    }

    @Test func nestedFunctionsStartUnchecked() {
        #expect(guardedAtSinks("""
        def view(a):
            if not a.isdigit():
                return
            def inner(a):
                sink(a)
            sink(a)
        """) == [false, true])
    }
}

