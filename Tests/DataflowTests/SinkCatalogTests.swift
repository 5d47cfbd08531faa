import PythonSemantics
import PythonSyntax
import Testing
@testable import Dataflow

/// For each call in source order that is a sink of `kind`: the callee's name as the catalog
/// gives it and the source text of the argument that carries data into it.
func sinkArguments(_ code: String, _ kind: SinkKind) -> [String] {
    let (model, _) = analyse(code)
    let tree = model.tree
    let source = SourceFile(path: "app.py", utf8: Array(code.utf8))
    var out: [(Int32, String)] = []
    for index in tree.exprs.indices {
        let id = ExprID(Int32(index))
        for match in SinkCatalog.matches(id, kind: kind, in: model) {
            out.append((tree[match.argument].range.start, "\(match.callee): \(source.text(tree[match.argument].range))"))
        }
    }
    return out.sorted { $0.0 < $1.0 }.map(\.1)
}

@Suite("Sinks are catalog rows")
struct SinkCatalogTests {
    @Test func functionsMatchByQualifiedNameAndArgumentByPositionOrKeyword() {
        #expect(sinkArguments("""
        import re
        from importlib import import_module
        import regex as rx
        re.compile(a)
        rx.search(pattern=b, string=c)
        import_module(d)
        compile(e, "<x>", "exec")
        re.escape(f)
        """, .regex) == ["re.compile: a", "regex.search: b"])
        #expect(sinkArguments("""
        from importlib import import_module
        import_module(d)
        compile(source=e, filename="<x>", mode="exec")
        """, .code) == ["importlib.import_module: d", "compile: e"])
    }

    @Test func queryDocumentsOfUnnamedCollectionsAndRawKeywords() {
        // A collection reached through a handle is unnamed; a string (or a local holding one) is
        // `str.find`, and a module function is not a collection method.
        #expect(sinkArguments("""
        import re
        from pymongo import MongoClient
        db = MongoClient()["shop"]
        db.users.find_one(q1)
        users.aggregate(pipeline=q2)
        users.distinct("name", q3)
        "text".find(q4)
        label = "abc"
        label.find(q5)
        Movie.objects(__raw__=q6)
        re.find(q7)
        """, .nosql) == [".find_one: q1", ".aggregate: q2", ".distinct: q3", "Movie.objects: q6"])
    }

    @Test func logRecordsTakeEveryArgumentButTheirOptions() {
        #expect(sinkArguments("""
        import logging
        import math
        from loguru import logger as lg
        from app.util import log
        audit = logging.getLogger("audit")
        logging.warning("a %s", a, exc_info=True)
        audit.info(b, extra={"k": c})
        self.logger.error(d)
        log.debug(e)
        lg.info(f)
        math.log(g)
        print(h, file=out)
        registry.info(i)
        """, .log) == ["logging.warning: \"a %s\"", "logging.warning: a", ".info: b", ".error: d", ".debug: e",
                      "loguru.logger.info: f", "print: h"])
    }

    @Test func processCallsNameHowTheyTakeTheirCommand() {
        func roles(_ code: String) -> [String] {
            let (model, _) = analyse(code)
            let source = SourceFile(path: "app.py", utf8: Array(code.utf8))
            var out: [(Int32, String)] = []
            for index in model.tree.exprs.indices {
                for match in SinkCatalog.matches(ExprID(Int32(index)), kind: .command, in: model) {
                    out.append((model.tree[match.argument].range.start, "\(match.model.role ?? "?"): \(source.text(model.tree[match.argument].range))"))
                }
            }
            return out.sorted { $0.0 < $1.0 }.map(\.1)
        }
        #expect(roles("""
        import os, subprocess, asyncio
        os.system(a)
        subprocess.run(b, shell=True)
        subprocess.run(c, shell=False, executable=d)
        subprocess.run(e, shell={})
        os.execl(f, g, h)
        os.spawnv(os.P_WAIT, i, j)
        asyncio.get_running_loop().subprocess_shell(factory, k)
        """) == ["shell command: a", "shell command: b", "argument vector: c", "program: d", "argument vector: e", "program: f",
                 "arguments: g", "arguments: h", "program: i", "argument list: j", "shell command: k"])
    }

    @Test func aMethodSinkNeedsTheReceiverItsRowNames() {
        // ElementTree's `findall` is XPath only on a tree (or its root); `re`'s is not.
        #expect(sinkArguments("""
        import re
        import xml.etree.ElementTree as ET
        tree = ET.parse("users.xml")
        root = tree.getroot()
        root.findall(q1)
        tree.getroot().find(q2)
        re.compile("x").findall(q3)
        words.findall(q4)
        doc.xpath(q5)
        """, .xpath) == [".findall: q1", ".find: q2", ".xpath: q5"])
        #expect(sinkArguments("""
        import ldap, ldap3
        conn = ldap.initialize("ldap://x")
        conn.search_s(base, ldap.SCOPE_SUBTREE, flt)
        other.search_s(base2, 2, flt2)
        with ldap3.Connection(server) as c:
            c.search(search_base=b3, search_filter=f3)
        """, .ldap) == [".search_s: base", ".search_s: flt", ".search: b3", ".search: f3"])
    }

    @Test func receiversReachedThroughAttributes() {
        #expect(sinkArguments("""
        import ldap3, js2py, code
        conn = ldap3.Connection(server)
        conn.extend.standard.paged_search("dc=x", flt)
        other.extend.standard.paged_search("dc=y", flt2)
        search = conn.extend.standard.paged_search
        search("dc=z", flt3)
        js2py.eval_js(js)
        code.InteractiveConsole().push(line)
        """, .ldap) == [".paged_search: \"dc=x\"", ".paged_search: flt", ".paged_search: \"dc=z\"", ".paged_search: flt3"])
        #expect(sinkArguments("""
        import js2py, code
        js2py.eval_js(js)
        code.InteractiveConsole().push(line)
        queue.push(item)
        """, .code) == ["js2py.eval_js: js", ".push: line"])
    }

    @Test func clientsAndConditionalRows() {
        #expect(sinkArguments("""
        import requests, httpx, http.client
        s = requests.Session()
        s.get(u1)
        requests.request("GET", u2)
        with httpx.Client() as c:
            c.stream("POST", u3)
            c.stream(u4)
        http.client.HTTPSConnection(h5)
        cache.get(k6)
        """, .url) == [".get: u1", "requests.request: u2", ".stream: u3", ".stream: u4", "http.client.HTTPSConnection: h5"])
    }

    @Test func pathsAsArgumentsAndAsReceivers() {
        #expect(sinkArguments("""
        import shutil
        from pathlib import Path
        from flask import send_from_directory
        open(p1)
        shutil.copy(src2, dst2)
        send_from_directory(d3, name3)
        Path(p4).read_text()
        base = Path("/srv") / p5
        base.unlink()
        text.replace("a", "b")
        """, .path) == ["open: p1", "shutil.copy: src2", "shutil.copy: dst2", "flask.send_from_directory: d3", ".read_text: Path(p4)",
                           ".unlink: base"])
    }

    @Test func rowsThatApplyOnlyUnderAConditionOfTheCall() {
        #expect(sinkArguments("""
        from starlette.responses import Response, HTMLResponse
        HTMLResponse(a)
        Response(b, 200, None, "text/html")
        Response(c, media_type="application/json")
        Response(content=d, media_type="text/html; charset=utf-8")
        """, .html) == ["starlette.responses.HTMLResponse: a", "starlette.responses.Response: b", "starlette.responses.Response: d"])
        // `filter` is SQLAlchemy's only in a module that imports it.
        #expect(sinkArguments("qs.filter(f1)", .sql).isEmpty)
        #expect(sinkArguments("import sqlalchemy\nquery.filter(f2)", .sql) == [".filter: f2"])
    }

    @Test func aPositionalArgumentAfterStarredArgumentsIsNotGuessed() {
        #expect(sinkArguments("""
        import requests
        requests.request(*args)
        requests.request("GET", *rest)
        requests.request(*args, url=u)
        """, .url) == ["requests.request: u"])
    }

    @Test func everyRowNamesAKindItsRuleAsksFor() {
        // The catalog is read by kind; a row under a kind no rule reads would be dead data.
        let read: Set<SinkKind> = [.sql, .nosql, .log, .command, .url, .code, .regex, .xpath, .ldap, .template, .deserialization, .path, .redirect, .html]
        #expect(Set(SinkCatalog.rows.map(\.kind)).isSubset(of: read))
        #expect(SinkCatalog.lists("pickle.loads", kind: .deserialization))
        #expect(!SinkCatalog.lists("pickle.dumps", kind: .deserialization))
    }
}
