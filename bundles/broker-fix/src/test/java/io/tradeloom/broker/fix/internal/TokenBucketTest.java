package io.tradeloom.broker.fix.internal;

import org.junit.Test;

import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

public class TokenBucketTest {

    @Test
    public void zeroIsUnlimited() {
        TokenBucket bucket = new TokenBucket(0);
        for (int i = 0; i < 100_000; i++) {
            assertTrue("acquire #" + i, bucket.tryAcquire());
        }
    }

    @Test
    public void bucketOfNAllowsNAtOnceAndRefusesTheNext() {
        for (int n : new int[]{1, 5, 20}) {
            TokenBucket bucket = new TokenBucket(n);
            for (int i = 0; i < n; i++) {
                assertTrue("bucket " + n + ", acquire #" + (i + 1), bucket.tryAcquire());
            }
            assertFalse("bucket " + n + ", acquire #" + (n + 1), bucket.tryAcquire());
        }
    }
}
