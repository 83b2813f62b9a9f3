// Asserting the JsonError (harness/model/json_path.h) a decoder or validator
// throws: the exact path, the exact reason, and what() made of the two.
#pragma once

#include <string>

#include <gtest/gtest.h>

#include "harness/model/json_path.h"

namespace initcheck::testing {

// The Error read() throws; a test failure (and an empty Error) if it returns.
template <typename Error = JsonError, typename Read>
Error ErrorOf(Read&& read) {
  try {
    read();
    ADD_FAILURE() << "read without error";
  } catch (const Error& e) {
    return e;
  }
  return Error("", "");
}

}  // namespace initcheck::testing

// expr throws a JsonError at expected_path for expected_reason, and its
// what() reads "<path>: <reason>".
#define EXPECT_JSON_ERROR(expr, expected_path, expected_reason)                  \
  do {                                                                           \
    ::initcheck::JsonError e_ = ::initcheck::testing::ErrorOf([&] { (void)(expr); }); \
    EXPECT_EQ(e_.path, expected_path);                                           \
    EXPECT_EQ(e_.reason, expected_reason);                                       \
    EXPECT_EQ(std::string(e_.what()), e_.path + ": " + e_.reason);               \
  } while (0)
