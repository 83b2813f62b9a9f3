#include "harness/report/display_text.h"

#include <gtest/gtest.h>

namespace initcheck {
namespace {

TEST(EscapeTerminal, PrintableTextIsUnchanged) {
  EXPECT_EQ(EscapeTerminal("session-leader (pid 42) é"), "session-leader (pid 42) é");
}

TEST(EscapeTerminal, EscapeSequencesCannotDriveTheTerminal) {
  EXPECT_EQ(EscapeTerminal("a\x1b[2Jb"), "a\\x1b[2Jb");
  EXPECT_EQ(EscapeTerminal("\xc2\x9b" "31m"), "\\u009b31m");  // CSI as a C1 character
  EXPECT_EQ(EscapeTerminal("\x9b" "31m"), "\\x9b31m");        // CSI as a lone byte
  EXPECT_EQ(EscapeTerminal("x\x7f"), "x\\x7f");
}

TEST(EscapeTerminal, ANewlineCannotForgeARow) {
  EXPECT_EQ(EscapeTerminal("main\npid1  1  graceful"), "main\\npid1  1  graceful");
  EXPECT_EQ(EscapeTerminal("a\rb\tc"), "a\\rb\\tc");
}

TEST(EscapeTerminal, BidiOverridesAndLineSeparatorsAreShown) {
  EXPECT_EQ(EscapeTerminal("a\u202eb"), "a\\u202eb");
  EXPECT_EQ(EscapeTerminal("a\u2028b"), "a\\u2028b");
}

TEST(EscapeTerminal, EveryEscapeReadsOneWay) { EXPECT_EQ(EscapeTerminal("a\\nb"), "a\\\\nb"); }

TEST(EscapeMarkdownCell, APipeCannotAddAColumn) { EXPECT_EQ(EscapeMarkdownCell("a|b\n"), "a\\|b\\n"); }

}  // namespace
}  // namespace initcheck
