# The floors of docs/architecture.md, checked on the sources:
#   cmake -DSOURCE_DIR=<tree> -P check_floors.cmake
# Each component may include only the components listed for it below; no
# file outside store/ (and the tests) mentions SOCI or holds SQL. The
# per-target include folders make the compiler refuse most wrong includes;
# this check also catches what a target could reach through a component it
# links publicly, and says which rule a file breaks.
cmake_minimum_required(VERSION 3.25)

# component folder -> the include roots it may use ("x" allows "x/...").
set(allowed_logging logging)
set(allowed_engine logging engine)
set(allowed_security security)
set(allowed_store logging store engine security)
set(allowed_documents documents engine)
set(allowed_services logging services engine documents security)
set(allowed_server_uploads server/uploads)
set(allowed_notify logging notify store engine security)
set(allowed_server logging server services engine security server/uploads)
set(allowed_plugins engine plugins)
set(allowed_app logging app server notify server/uploads services store engine documents security)

set(components logging engine security store documents services server/uploads server notify
               plugins app)
set(violations "")

function(root_of include out)
  # "server/uploads/x.hpp" -> "server/uploads"; "engine/x.hpp" -> "engine"
  if(include MATCHES "^server/uploads/")
    set(${out} "server/uploads" PARENT_SCOPE)
  elseif(include MATCHES "^([a-z_]+)/")
    set(${out} "${CMAKE_MATCH_1}" PARENT_SCOPE)
  else()
    set(${out} "" PARENT_SCOPE)
  endif()
endfunction()

set(seen "")
foreach(component ${components})
  string(REPLACE "/" "_" key ${component})
  file(GLOB_RECURSE files ${SOURCE_DIR}/${component}/*.hpp ${SOURCE_DIR}/${component}/*.cpp)
  foreach(file ${files})
    if(file IN_LIST seen)
      continue()  # server/uploads files are checked as server/uploads, not as server
    endif()
    list(APPEND seen ${file})
    file(RELATIVE_PATH rel ${SOURCE_DIR} ${file})
    file(STRINGS ${file} lines REGEX "^#include \"")
    foreach(line ${lines})
      string(REGEX REPLACE "^#include \"([^\"]+)\".*" "\\1" included "${line}")
      root_of("${included}" root)
      if(root STREQUAL "" OR root IN_LIST allowed_${key})
        continue()
      endif()
      list(JOIN allowed_${key} ", " may)
      list(APPEND violations "${rel}: includes ${included} (${component}/ may include only ${may})")
    endforeach()
    if(NOT component STREQUAL "store")
      file(STRINGS ${file} soci REGEX "soci::|<soci/")
      if(soci)
        list(APPEND violations "${rel}: uses SOCI outside store/")
      endif()
      file(STRINGS ${file} sql REGEX "\"(SELECT|INSERT INTO|UPDATE [a-z_]+ SET|DELETE FROM|CREATE TABLE) ")
      if(sql)
        list(APPEND violations "${rel}: holds SQL outside store/")
      endif()
    endif()
  endforeach()
endforeach()

list(LENGTH violations count)
if(count GREATER 0)
  list(JOIN violations "\n  " text)
  message(FATAL_ERROR "${count} include(s) across the wrong floor:\n  ${text}")
endif()
list(LENGTH seen checked)
message(STATUS "floors respected: ${checked} files checked")
