// Quote and IsValidUtf8 word user text as the JSON codec writes it; the
// codec's json_reader_test checks the same against nlohmann-json on random
// bytes, these cases pin the rules down by hand.
#include "harness/model/quoted_text.h"

#include <string>

#include <gtest/gtest.h>

namespace initcheck {
namespace {

constexpr char kReplacement[] = "\xEF\xBF\xBD";

TEST(QuotedTextTest, EscapesAsJsonDoes) {
  EXPECT_EQ(Quote("plain"), "\"plain\"");
  EXPECT_EQ(Quote("a \"b\" \\c/"), R"("a \"b\" \\c/")");
  EXPECT_EQ(Quote("\b\f\n\r\t"), R"("\b\f\n\r\t")");
  EXPECT_EQ(Quote(std::string("\0\x01\x1f\x7f", 4)), "\"\\u0000\\u0001\\u001f\x7f\"");
  EXPECT_EQ(Quote("ünïcode ✓ 𝄞"), "\"ünïcode ✓ 𝄞\"");
  EXPECT_EQ(Quote(""), "\"\"");
}

TEST(QuotedTextTest, CutsLongTextAfterSixtyBytes) {
  std::string long_text(61, 'x');
  EXPECT_EQ(Quote(long_text), "\"" + std::string(60, 'x') + "...\"");
  EXPECT_EQ(Quote(std::string(60, 'x')), "\"" + std::string(60, 'x') + "\"");
  // A cut through a character leaves an ill-formed tail: one U+FFFD.
  std::string cut = std::string(59, 'x') + "ü";
  EXPECT_EQ(Quote(cut), "\"" + std::string(59, 'x') + kReplacement + "...\"");
}

TEST(QuotedTextTest, EachIllFormedSequenceBecomesOneReplacement) {
  const std::string r = kReplacement;
  EXPECT_EQ(JsonQuoted("\xff"), "\"" + r + "\"");
  EXPECT_EQ(JsonQuoted("a\x80\x80z"), "\"a" + r + r + "z\"");  // stray continuations
  EXPECT_EQ(JsonQuoted("\xc3("), "\"" + r + "(\"");             // the breaking byte is kept
  EXPECT_EQ(JsonQuoted("\xe2\x82"), "\"" + r + "\"");           // cut short by the end
  EXPECT_EQ(JsonQuoted("\xe2\x82\xc3\xbc"), "\"" + r + "ü\"");  // broken, then a good one
  EXPECT_EQ(JsonQuoted("\xc0\xaf"), "\"" + r + r + "\"");       // overlong "/"
  EXPECT_EQ(JsonQuoted("\xed\xa0\x80"), "\"" + r + r + r + "\"");  // a surrogate
  EXPECT_EQ(JsonQuoted("\xf4\x90\x80\x80"), "\"" + r + r + r + r + "\"");  // above U+10FFFF
  EXPECT_EQ(JsonQuoted("\xf0\x9d\x84\x9e"), "\"𝄞\"");
}

TEST(QuotedTextTest, ValidUtf8IsStrict) {
  EXPECT_TRUE(IsValidUtf8(""));
  EXPECT_TRUE(IsValidUtf8("ünïcode ✓ 𝄞"));
  EXPECT_TRUE(IsValidUtf8(std::string("\0", 1)));
  EXPECT_TRUE(IsValidUtf8("\xf4\x8f\xbf\xbf"));  // U+10FFFF
  EXPECT_FALSE(IsValidUtf8("bad \xff utf8"));
  EXPECT_FALSE(IsValidUtf8("\xc3"));
  EXPECT_FALSE(IsValidUtf8("\xc1\xbf"));
  EXPECT_FALSE(IsValidUtf8("\xe0\x9f\xbf"));  // overlong
  EXPECT_FALSE(IsValidUtf8("\xed\xbf\xbf"));  // surrogate
  EXPECT_FALSE(IsValidUtf8("\xf5\x80\x80\x80"));
}

}  // namespace
}  // namespace initcheck
