# One fuzz regression pass (ctest runs it with cmake -P): the fuzzer on the
# committed seeds, read-only, with new inputs going to a scratch corpus that is
# deleted afterwards. Crash inputs stay in WORK/crashes for inspection.
#   -DFUZZER=exe -DSEEDS=dir -DWORK=dir [-DDICT=file] -DRUNS=n -DSECONDS=n
foreach(var FUZZER SEEDS WORK RUNS SECONDS)
  if(NOT DEFINED ${var})
    message(FATAL_ERROR "regression.cmake: -D${var}= is required")
  endif()
endforeach()

file(REMOVE_RECURSE "${WORK}")
file(MAKE_DIRECTORY "${WORK}/corpus" "${WORK}/crashes")
set(dict_arg "")
if(DICT)
  set(dict_arg "-dict=${DICT}")
endif()

# Stack traces for UBSan reports too, so a failing test says where.
execute_process(
  COMMAND "${CMAKE_COMMAND}" -E env UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
          "${FUZZER}" -seed=1 -runs=${RUNS} -max_total_time=${SECONDS} -max_len=65536 -timeout=10
          -print_final_stats=1 "-artifact_prefix=${WORK}/crashes/" ${dict_arg}
          "${WORK}/corpus" "${SEEDS}"
  RESULT_VARIABLE exit_code)
if(NOT exit_code EQUAL 0)
  message(FATAL_ERROR "${FUZZER} failed (exit ${exit_code}); the input is in ${WORK}/crashes/")
endif()
file(REMOVE_RECURSE "${WORK}")
