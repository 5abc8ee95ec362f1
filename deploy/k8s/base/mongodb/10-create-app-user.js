// Creates the user Management connects as: readWrite on the `buylist` database only, authenticated against
// `admin` (the connection string's authSource=admin). Runs once, from /docker-entrypoint-initdb.d, while the image's
// entrypoint initialises an empty data volume as the root user.
const user = process.env.BUYLIST_APP_USERNAME;
const pwd = process.env.BUYLIST_APP_PASSWORD;
if (!user || !pwd) {
  throw new Error('BUYLIST_APP_USERNAME and BUYLIST_APP_PASSWORD must be set (Secret mongodb-root).');
}

db.getSiblingDB('admin').createUser({
  user,
  pwd,
  roles: [{ role: 'readWrite', db: 'buylist' }],
});
