"""scripts/package-site's --minify-js: the shell's scripts minified with the
Closure Compiler scripts/setup installs, keeping what the page relies on."""

import subprocess
import sys
import tempfile
import unittest
from pathlib import Path

from tests.server.harness import REPO_ROOT

PACKAGE_SITE = REPO_ROOT / "scripts" / "package-site"
CLOSURE = REPO_ROOT / "cmake" / "closure-compiler" / "node_modules" / ".bin" / "google-closure-compiler"

BOOT = """// The shell's script, in little.
(function () {
  'use strict';
  const script = document.currentScript;
  const moduleUrl = script.dataset.module || 'batch_tasks.js';
  const facts = /* shell facts */ null;
  // A long comment that minifying drops, as it drops the names of locals.
  function announceTheLongWayRound(somethingToSay) {
    const vertexShaderSource = '#version 300 es\\nprecision highp float;\\n';
    return somethingToSay + facts.words.en.title + vertexShaderSource + moduleUrl;
  }
  window.BatchTasks = { say: announceTheLongWayRound };
})();
"""


class MinifyTest(unittest.TestCase):
    def package(self, boot: str, minify: bool = True):
        work = Path(self.enterContext(tempfile.TemporaryDirectory(prefix="bt-package-site-")))
        web, stage, out = work / "web", work / "stage", work / "site"
        web.mkdir()
        stage.mkdir()
        (web / "index.html").write_text('<script src="boot.js" data-module="batch_tasks.js"></script>', "utf-8")
        (web / "boot.js").write_text(boot, "utf-8")
        (stage / "batch_tasks.js").write_text("var glue = 1;", "utf-8")
        (stage / "batch_tasks.wasm").write_bytes(b"\0asm\1\0\0\0")
        (work / "facts.json").write_text('{"words": {"en": {"title": "Batch tasks"}}}', "utf-8")
        args = [sys.executable, str(PACKAGE_SITE), "--web", str(web), "--stage", str(stage),
                "--facts", str(work / "facts.json"), "--out", str(out)]
        if minify:
            args += ["--minify-js", str(CLOSURE)]
        result = subprocess.run(args, capture_output=True, text=True, timeout=120)
        scripts = sorted(out.glob("boot.*.js")) if out.is_dir() else []
        return result, (scripts[0].read_text("utf-8") if scripts else None), (stage / "batch_tasks.js")

    def setUp(self):
        self.assertTrue(CLOSURE.exists(), f"{CLOSURE} is missing: run scripts/setup")

    def test_minified_boot_keeps_strings_properties_facts_and_strictness(self):
        result, boot, _ = self.package(BOOT)
        self.assertEqual(result.returncode, 0, result.stderr)
        plain = self.package(BOOT, minify=False)[1]
        self.assertLess(len(boot), len(plain))
        self.assertNotIn("A long comment", boot)
        self.assertNotIn("somethingToSay", boot)
        self.assertTrue(boot.startswith("'use strict'"))
        self.assertIn("#version 300 es\\nprecision highp float;\\n", boot)  # shader sources byte for byte
        self.assertIn(".dataset.module", boot)  # properties are never renamed
        self.assertIn("document.currentScript", boot)
        self.assertIn("Batch tasks", boot)  # the facts went in before minifying
        self.assertIn("BatchTasks", boot)

    def test_the_emscripten_glue_is_left_to_emcc(self):
        result, _, stage_glue = self.package(BOOT)
        self.assertEqual(result.returncode, 0, result.stderr)
        site_glue = next(Path(stage_glue).parents[1].joinpath("site").glob("batch_tasks.*.js")).read_text("utf-8")
        self.assertEqual(site_glue, "var glue = 1;")

    def test_a_script_closure_cannot_read_stops_the_packaging_in_one_line(self):
        result, boot, _ = self.package(BOOT.replace("const facts", "const const facts"))
        self.assertEqual(result.returncode, 1)
        self.assertIsNone(boot)
        self.assertIn("could not minify boot.js", result.stderr)
        self.assertEqual(len(result.stderr.strip().splitlines()), 1)


if __name__ == "__main__":
    unittest.main()
