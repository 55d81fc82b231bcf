# One static library per folder of src/: rampart_add_module(NAME DEPS...) compiles
# every .cpp of src/NAME and links the named modules and libraries.
function(rampart_add_module name)
  file(GLOB_RECURSE sources CONFIGURE_DEPENDS ${CMAKE_CURRENT_SOURCE_DIR}/${name}/*.cpp)
  if(sources)
    add_library(rampart_${name} STATIC ${sources})
    target_include_directories(rampart_${name} PUBLIC ${PROJECT_SOURCE_DIR}/src)
    target_link_libraries(rampart_${name} PUBLIC ${ARGN})
  else()  # a header-only module
    add_library(rampart_${name} INTERFACE)
    target_include_directories(rampart_${name} INTERFACE ${PROJECT_SOURCE_DIR}/src)
    target_link_libraries(rampart_${name} INTERFACE ${ARGN})
  endif()
endfunction()

# rampart_add_test(MODULE LIBS...) builds tests/MODULE/*.cpp into test_MODULE and registers it.
function(rampart_add_test module)
  file(GLOB sources CONFIGURE_DEPENDS ${CMAKE_CURRENT_SOURCE_DIR}/${module}/*.cpp)
  if(NOT sources)
    return()
  endif()
  add_executable(test_${module} ${sources})
  target_link_libraries(test_${module} PRIVATE ${ARGN} GTest::gtest_main GTest::gmock)
  target_include_directories(test_${module} PRIVATE ${CMAKE_CURRENT_SOURCE_DIR})
  target_compile_definitions(test_${module} PRIVATE
    RAMPART_TEST_DATA="${CMAKE_CURRENT_BINARY_DIR}/data"
    RAMPART_TEST_SOURCES="${CMAKE_CURRENT_SOURCE_DIR}"
    RAMPART_SHARED_DIR="${PROJECT_SOURCE_DIR}/../shared"
    RAMPART_BINARY="$<TARGET_FILE:rampart>")
  add_dependencies(test_${module} rampart_test_data)
  gtest_discover_tests(test_${module} TEST_PREFIX "${module}." DISCOVERY_TIMEOUT 60 PROPERTIES TIMEOUT 300)
endfunction()
