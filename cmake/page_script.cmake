# page_script.cmake - writes OUT, the page's one script (/app.js): the
# files of PARTS in order, with the architectures of CATALOG's models
# (a catalog file whose entries may name "architecture", a file of
# ARCHITECTURES) after the first.  The page posts those to /count to show
# where a model's parameters live; no route serves the built-in configs
# (a route that did would let this go: see docs/PAGE.md).
#   cmake -DOUT=app.js -DPARTS=a.js|b.js -DCATALOG=reference.json
#         -DARCHITECTURES=config/architectures -P page_script.cmake
#
# Only what a count can read is kept, so that the script stays small:
# whole numbers, booleans, nulls, the model_type and
# position_embedding_type strings, the layers and architectures arrays,
# and an id2label object as its size (num_labels, which the count reads
# in its place).  The page then sends only the fields GET /architectures
# lists; the browser test checks every model's count against /count of
# the whole file.

# The kept members of the config file of architecture arch, as compact
# JSON text in <var>.
function(page_config arch var)
  file(READ "${ARCHITECTURES}/${arch}.json" json)
  string(JSON n LENGTH "${json}")
  string(JSON labels ERROR_VARIABLE no_labels LENGTH "${json}" id2label)
  set(kept "")
  math(EXPR last "${n} - 1")
  foreach(i RANGE ${last})
    string(JSON key MEMBER "${json}" ${i})
    string(JSON type TYPE "${json}" "${key}")
    string(JSON value GET "${json}" "${key}")
    set(text "")
    if(key STREQUAL "id2label")
      set(text "${labels}")
      set(key "num_labels")
    elseif(key STREQUAL "num_labels" AND NOT no_labels)
      # id2label, read after it, decides
    elseif(type STREQUAL "NUMBER" AND value MATCHES "^[0-9]+$")
      set(text "${value}")
    elseif(type STREQUAL "BOOLEAN")
      if(value)
        set(text "true")
      else()
        set(text "false")
      endif()
    elseif(type STREQUAL "NULL")
      set(text "null")
    elseif(type STREQUAL "STRING" AND key MATCHES
           "^(model_type|position_embedding_type)$")
      set(text "\"${value}\"")
    elseif(type STREQUAL "ARRAY" AND key MATCHES "^(layers|architectures)$")
      string(REGEX REPLACE "[ \n]" "" text "${value}")
    endif()
    if(NOT text STREQUAL "")
      if(NOT kept STREQUAL "")
        string(APPEND kept ",")
      endif()
      string(APPEND kept "\"${key}\":${text}")
    endif()
  endforeach()
  set(${var} "{${kept}}" PARENT_SCOPE)
endfunction()

file(READ "${CATALOG}" catalog)
string(JSON count LENGTH "${catalog}" models)
math(EXPR last "${count} - 1")
set(configs "")
foreach(i RANGE ${last})
  string(JSON arch ERROR_VARIABLE none GET "${catalog}" models ${i}
         architecture)
  if(none)
    continue()
  endif()
  string(JSON name GET "${catalog}" models ${i} name)
  page_config("${arch}" config)
  string(APPEND configs "  \"${name}\": ${config},\n")
endforeach()

string(REPLACE "|" ";" PARTS "${PARTS}")
list(GET PARTS 0 first)
list(REMOVE_AT PARTS 0)
file(READ "${first}" script)
get_filename_component(catalog_name "${CATALOG}" NAME)
string(APPEND script "\n// The architectures of ${catalog_name}'s models, "
       "by name: what /count reads of\n// each config.json "
       "(cmake/page_script.cmake).\n"
       "const CATALOG_CONFIGS = {\n${configs}};\n")
foreach(part ${PARTS})
  file(READ "${part}" text)
  string(APPEND script "\n${text}")
endforeach()
file(WRITE "${OUT}.tmp" "${script}")
file(RENAME "${OUT}.tmp" "${OUT}")
