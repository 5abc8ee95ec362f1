-- POST /buy with the contract's body {username, userid, price}; 64 users in turn, so purchases spread over the topic's
-- partitions as real ones do. users.lua is found next to this script, whatever the working directory.
local users = dofile(debug.getinfo(1, "S").source:match("^@(.-)[^/]*$") .. "users.lua")

users(function(i)
  return wrk.format("POST", "/buy", { ["Content-Type"] = "application/json" },
    string.format('{"username":"Ada Lovelace","userid":"bench-user-%d","price":19.99}', i))
end)
