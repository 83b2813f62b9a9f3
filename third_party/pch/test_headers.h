// What a test file is compiled against besides library_headers.h.
#include <gtest/gtest.h>
