#include "init_impls/proc_tree.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>

namespace initcheck::inits {
namespace {

TEST(ParentFromStatTest, ReadsTheFourthField) {
  EXPECT_EQ(ParentFromStat("42 (sleep) S 7 42 7 0 -1 4194304"), 7);
  EXPECT_EQ(ParentFromStat("1 (init) S 0 1 1 0 -1"), 0);
}

TEST(ParentFromStatTest, SurvivesCommandNamesWithParenthesesAndSpaces) {
  // A process may call itself anything: prctl(PR_SET_NAME, ") S 1 ").
  EXPECT_EQ(ParentFromStat("42 () S 1 (evil)) R 9 42 7 0"), 9);
  EXPECT_EQ(ParentFromStat("42 (a b c) Z 13 42"), 13);
}

TEST(ParentFromStatTest, RejectsTextThatIsNotStat) {
  EXPECT_EQ(ParentFromStat(""), std::nullopt);
  EXPECT_EQ(ParentFromStat("42 sleep S 7"), std::nullopt);
  EXPECT_EQ(ParentFromStat("42 (sleep) S x 1"), std::nullopt);
  EXPECT_EQ(ParentFromStat("42 (sleep)"), std::nullopt);
}

TEST(DescendantsOfTest, FindsChildrenGrandchildrenAndNothingElse) {
  const std::vector<ProcessParent> table = {
      {10, 1},   // the init
      {11, 10},  // main
      {12, 11},  // worker, child of main
      {13, 12},  // grandchild
      {14, 10},  // orphan reparented to the init
      {20, 1},   // an unrelated process on the host
      {21, 20},
  };
  std::vector<pid_t> found = DescendantsOf(10, table);
  std::sort(found.begin(), found.end());
  EXPECT_EQ(found, (std::vector<pid_t>{11, 12, 13, 14}));
  EXPECT_TRUE(DescendantsOf(13, table).empty());
}

TEST(DescendantsOfTest, ListsParentsBeforeTheirChildren) {
  const std::vector<ProcessParent> table = {{13, 12}, {12, 11}, {11, 10}};
  EXPECT_EQ(DescendantsOf(10, table), (std::vector<pid_t>{11, 12, 13}));
}

TEST(DescendantsOfTest, TerminatesOnACyclicTable) {
  // /proc is read one file at a time; with pid reuse a table can be
  // inconsistent. The walk must still end and never list the root.
  const std::vector<ProcessParent> table = {{11, 10}, {10, 11}, {12, 12}};
  EXPECT_EQ(DescendantsOf(10, table), (std::vector<pid_t>{11}));
}

TEST(ReadProcessTableTest, FindsThisProcessWithItsParent) {
  auto table = ReadProcessTable();
  ASSERT_TRUE(std::holds_alternative<std::vector<ProcessParent>>(table))
      << std::get<SyscallError>(table).ToString();
  const auto& entries = std::get<std::vector<ProcessParent>>(table);
  const ProcessParent self{getpid(), getppid()};
  EXPECT_NE(std::find(entries.begin(), entries.end(), self), entries.end());
}

TEST(ReadProcessTableTest, SaysWhatFailedWhenProcIsMissing) {
  auto table = ReadProcessTable("/nonexistent-proc");
  ASSERT_TRUE(std::holds_alternative<SyscallError>(table));
  EXPECT_EQ(std::get<SyscallError>(table).ToString(),
            "opendir(/nonexistent-proc): No such file or directory");
}

}  // namespace
}  // namespace initcheck::inits
