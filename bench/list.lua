-- GET a user's purchases (the path is given as wrk's URL path, ending in "bench-user-"); 64 users in turn.
-- users.lua is found next to this script, whatever the working directory.
local users = dofile(debug.getinfo(1, "S").source:match("^@(.-)[^/]*$") .. "users.lua")

users(function(i)
  return wrk.format("GET", wrk.path .. i)
end)
