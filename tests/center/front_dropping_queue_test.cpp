// The correlator's per-group queue: elements stay in order through drops at the front,
// inserts near the back and the compactions in between.
#include "center/incidents/front_dropping_queue.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace rampart::center::incidents {
namespace {

std::vector<std::string> contents(const FrontDroppingQueue<std::string>& queue) {
  return {queue.begin(), queue.end()};
}

TEST(FrontDroppingQueue, KeepsOrderThroughDropsAndCompactions) {
  FrontDroppingQueue<std::string> queue;
  EXPECT_TRUE(queue.empty());
  for (int i = 0; i < 10; ++i) queue.push_back(std::to_string(i));
  for (int i = 0; i < 7; ++i) {
    EXPECT_EQ(queue.front(), std::to_string(i));
    queue.pop_front();
  }
  EXPECT_EQ(queue.size(), 3u);
  EXPECT_EQ(contents(queue), (std::vector<std::string>{"7", "8", "9"}));
  queue.push_back("10");
  EXPECT_EQ(queue[0], "7");
  EXPECT_EQ(queue[3], "10");
}

TEST(FrontDroppingQueue, InsertsCountFromTheFront) {
  FrontDroppingQueue<std::string> queue;
  for (const char* item : {"a", "b", "c", "e"}) queue.push_back(item);
  queue.pop_front();
  queue.insert(2, "d");
  EXPECT_EQ(contents(queue), (std::vector<std::string>{"b", "c", "d", "e"}));
  queue.insert(0, "a");
  EXPECT_EQ(queue.front(), "a");
}

TEST(FrontDroppingQueue, ErasesMatchingElementsAndEmpties) {
  FrontDroppingQueue<std::string> queue;
  for (int i = 0; i < 6; ++i) queue.push_back(std::to_string(i));
  queue.pop_front();
  queue.erase_if([](const std::string& item) { return item == "2" || item == "4"; });
  EXPECT_EQ(contents(queue), (std::vector<std::string>{"1", "3", "5"}));
  while (!queue.empty()) queue.pop_front();
  EXPECT_EQ(queue.size(), 0u);
  queue.push_back("x");
  EXPECT_EQ(contents(queue), (std::vector<std::string>{"x"}));
  queue.clear();
  EXPECT_TRUE(queue.empty());
}

}  // namespace
}  // namespace rampart::center::incidents
