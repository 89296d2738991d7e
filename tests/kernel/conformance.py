"""The official Jupyter kernel conformance suite (jupyter_kernel_test) on the project's kernelspec.

Run by tests/kernel-protocol.test.ts with a temporary JUPYTER_PATH holding the kernelspec `baltic-repro`:
    JUPYTER_PATH=... /usr/bin/python3 -m unittest -v tests/kernel/conformance.py
Every test of the suite is given samples, except test_pager (this kernel has no pager payloads).
"""
import time
import unittest

import jupyter_kernel_test
from jupyter_kernel_test.msgspec_v5 import validate_message


class BalticReproKernelTests(jupyter_kernel_test.KernelTests):
    kernel_name = "baltic-repro"
    language_name = "typescript"
    file_extension = ".ts"

    code_hello_world = 'console.log("hello, world");'
    code_stderr = 'console.error("to stderr");'

    completion_samples = [
        {"text": "Math.fl", "matches": {"floor"}},
        {"text": "const aVeryLongName = 1;\naVeryLo", "matches": {"aVeryLongName"}},
    ]

    complete_code_samples = ["1 + 2", "const x = 1;", "function f() { return 1; }", "`a\n${1}\nb`", "if (true) {\n  1;\n}"]
    incomplete_code_samples = ["function f() {", "const y = [1,", "(1 +", "`unterminated template", "/* open comment", "if (true) {\n  1;"]
    invalid_code_samples = [")", "1 +* 2", 'const s = "unterminated string', "let let = ;", "foo(1 2"]

    code_generate_error = 'throw new Error("expected failure");'

    code_execute_result = [
        {"code": "1 + 2", "result": "3"},
        {"code": '"a" + "b"', "result": "'ab'"},
        {"code": "[1, 2, 3].map((x) => x * 2)", "result": "[ 2, 4, 6 ]"},
        {"code": "({ a: 1, b: 'x' })", "result": "{ a: 1, b: 'x' }"},
        {"code": "[{ region: 'A', value: 1 }, { region: 'B', value: 2 }]", "mime": "text/html"},
    ]

    code_display_data = [
        {"code": 'import * as tslab from "tslab";\ntslab.display.html("<b>bold</b>");', "mime": "text/html"},
        {"code": 'import { markdown } from "baltic-repro/display";\nmarkdown("*emphasis*");', "mime": "text/markdown"},
    ]

    code_history_pattern = "1?+?2"
    supported_history_operations = ("tail", "range", "search")

    code_inspect_sample = "Math.max"

    code_clear_output = 'import { clearOutput } from "baltic-repro/display";\nconsole.log("x");\nclearOutput();'

    # Beyond the suite: Jupyter's interrupt (SIGINT, the kernelspec's interrupt_mode) stops a cell that awaits
    # and a busy loop, each with a KeyboardInterrupt error, and the kernel goes on.
    def test_interrupt(self):
        for code in ["await new Promise((ok) => setTimeout(ok, 60000));", "while (true) {}"]:
            with self.subTest(code=code):
                self.flush_channels()
                msg_id = self.kc.execute(code)
                time.sleep(1.5)
                self.km.interrupt_kernel()
                reply = self.get_non_kernel_info_reply(timeout=30)
                validate_message(reply, "execute_reply", msg_id)
                self.assertEqual(reply["content"]["status"], "error")
                self.assertEqual(reply["content"]["ename"], "KeyboardInterrupt")
        time.sleep(0.3)
        self.flush_channels()
        reply, output_msgs = self.execute_helper("6 * 7")
        self.assertEqual(reply["content"]["status"], "ok")
        self.assertEqual(output_msgs[-1]["content"]["data"]["text/plain"], "42")


if __name__ == "__main__":
    unittest.main()
