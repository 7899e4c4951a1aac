// Reported: https://github.com/mapbox/tilelive-bridge/issues/80
// Library: generic-pool 2.x (in tilelive-bridge)
// Symptom (as reported): `update()` drains the pool while tile requests are in
// flight; their `acquire` throws "pool is draining and cannot accept work",
// unhandled, "and the whole process goes down". The maintainer traced it.
// field: out-of-scope a use in one method of an object after a close in a sibling method (the object's own lifecycle)
const genericPool = require('generic-pool');

function Bridge(uri) { // reconstructed
  this._map = createPool(uri); // reconstructed
} // reconstructed

Bridge.prototype.update = function (uri) { // reconstructed
  const old = this._map; // reconstructed
  this._map = createPool(uri); // reconstructed
  old.drain(() => old.destroyAllNow()); // reconstructed
}; // reconstructed

Bridge.prototype.getTile = function (z, x, y, callback) { // reconstructed
  const source = this; // reconstructed
  source._map.acquire(function (err, map) { // expect: no-pool-used-after-close/usedLater // reconstructed
    if (err) return callback(err); // reconstructed
    render(map, z, x, y, (err, tile) => { // reconstructed
      source._map.release(map); // reconstructed
      callback(err, tile); // reconstructed
    }); // reconstructed
  }); // reconstructed
}; // reconstructed

function createPool(uri) { // reconstructed
  return genericPool.Pool({ create: (cb) => cb(null, loadMap(uri)), destroy: () => {}, max: 4 }); // reconstructed
} // reconstructed
