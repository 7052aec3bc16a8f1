import * as assert from 'node:assert/strict';
import { scopeOf } from '../../../src/core/agent/commandPaths';
import { analyze, downloadOutputs, writeDanger } from '../../../src/core/agent/commandRules';
import { parseShell } from '../../../src/core/agent/shellSyntax';
import type { SimpleCommand } from '../../../src/core/agent/shellSyntax';

const SCOPE = scopeOf(['/w/proj'], undefined);
const words = (line: string) => (parseShell(line).list.items[0].pipeline.commands[0] as SimpleCommand).words;
const dangers = (line: string) => analyze(words(line), SCOPE).dangers;
const dangerous = (line: string, why: RegExp) => {
  const d = dangers(line);
  assert.ok(d.some((x) => why.test(x)), `${line}: ${JSON.stringify(d)}`);
};
const safe = (line: string) => assert.deepEqual(dangers(line), [], line);

describe('core/agent/commandRules', () => {
  describe('analyze: deleting', () => {
    it('rm -r and its spellings', () => {
      for (const line of ['rm -r x', 'rm -R x', 'rm -rf x', 'rm -fr x', 'rm -Rf x', 'rm -vrf x', 'rm -rfv x', 'rm -rfvi x', 'rm --recursive x', 'rimraf x', 'Remove-Item -Recurse x', 'rm -Recurse x', 'ri -rec x', 'rm -Re x', 'del /s x', 'DEL /S /Q x', 'rd /s x', 'rmdir /S x', 'erase /q/s x']) {
        dangerous(line, /Deletes folders with everything in them/);
      }
    });

    it('not recursive: -f, -i, -Force, --verbose, after --, cmd switches without /s', () => {
      for (const line of ['rm -f x', 'rm -i x', 'rm -v x', 'Remove-Item -Force x', 'Remove-Item -ErrorAction SilentlyContinue x', 'rm --verbose x', 'rm -- -r', 'del /q x', 'rd x', 'rm -fo x', 'rm -for x', 'unlink x', 'rmdir x']) {
        assert.ok(!dangers(line).some((d) => /everything in them/.test(d)), line);
      }
    });

    it('--no-preserve-root', () => {
      dangerous('rm --no-preserve-root x', /Deletes even the root folder/);
    });

    it('the root, the home folder, every file of a folder', () => {
      for (const t of ['/', '//', '/*', '\\']) dangerous(`rm ${t === '\\' ? "'\\'" : t}`, /root of the file system/);
      for (const t of ['~', '~/x', '~root']) dangerous(`rm ${t}`, /home folder/);
      for (const t of ['*', 'src/*', '.*', '*.*', '**']) dangerous(`rm ${t}`, /every file of a folder/);
      safe('rm *.log');
      safe("rm '*'");
      safe('rm a*b');
    });

    it('outside the workspace, or somewhere only known when it runs', () => {
      dangerous('rm /etc/passwd', /Deletes outside the workspace \(\/etc\/passwd\)/);
      dangerous('rm ../x', /Deletes outside the workspace/);
      dangerous('unlink /srv/x', /outside/);
      dangerous('rm $X', /only known when it runs/);
      dangerous('rm "$(ls)"', /only known when it runs/);
      safe('rm src/a.o');
      safe('rm /w/proj/a.o');
      safe('rm "~"');
    });

    it('a whole workspace folder, or git data', () => {
      dangerous('rm -f .', /whole workspace folder/);
      dangerous('rm x/..', /whole workspace folder/);
      dangerous('rm .git', /git's data/);
      dangerous('rm .git/index', /git's data/);
      safe('rm .gitignore');
      safe('rm src/.github');
    });

    it('wiping, raw writes, formatting', () => {
      dangerous('shred x', /cannot be recovered \(shred\)/);
      dangerous('srm x', /cannot be recovered/);
      dangerous('wipe x', /cannot be recovered/);
      dangerous('dd if=/dev/zero of=x', /dd/);
      for (const d of ['mkfs /dev/x', 'mkfs.ext4 /dev/x', 'mke2fs x', 'mkswap x', 'wipefs -a x', 'fdisk x', 'sfdisk x', 'gdisk x', 'cfdisk x', 'parted x', 'diskpart', 'format C:', 'Format-Volume -DriveLetter D', 'Clear-Disk 1', 'Initialize-Disk 1']) {
        dangerous(d, /Formats or partitions a disk/);
      }
      safe('clang-format -i x.c');
      safe('prettier --format x');
      safe('ddx');
    });
  });

  describe('analyze: the system', () => {
    it('shutting down and restarting', () => {
      for (const line of ['shutdown -h now', 'reboot', 'halt', 'poweroff', 'Stop-Computer', 'Restart-Computer', 'init 0', 'init 6', 'telinit 6', 'systemctl reboot', 'systemctl poweroff', 'systemctl halt', 'systemctl kexec']) {
        dangerous(line, /Shuts down or restarts/);
      }
      for (const line of ['init 3', 'init', 'systemctl status x', 'systemctl']) safe(line);
    });

    it('administrator rights', () => {
      for (const p of ['sudo', 'doas', 'su', 'pkexec', 'runas', 'gsudo']) dangerous(`${p} x`, /administrator/);
    });

    it('recursive permission changes, and permission changes outside', () => {
      for (const line of ['chmod -R 777 .', 'chown -R u x', 'chgrp -R g x', 'chmod --recursive 755 x', 'chmod -vR 755 x']) dangerous(line, /recursively/);
      dangerous('chmod 600 ~/.ssh/id_rsa', /Changes permissions outside the workspace/);
      dangerous('chmod 777 /etc/passwd', /Changes permissions outside the workspace/);
      dangerous('chown --reference=a /etc/x', /outside/);
      safe('chmod +x scripts/run.sh');
      safe('chmod -v 644 a');
      safe('chown u:g a');
    });

    it('kill -1, crontab -r, deleting backups', () => {
      dangerous('kill -9 -1', /every process/);
      dangerous('kill -- -1', /every process/);
      safe('kill -1 1234');
      safe('kill 1234');
      dangerous('crontab -r', /scheduled jobs/);
      safe('crontab -l');
      dangerous('vssadmin delete shadows /all', /backups/);
      dangerous('wbadmin DELETE catalog', /backups/);
      safe('vssadmin list shadows');
    });
  });

  describe('analyze: git', () => {
    it('discarding work and rewriting history', () => {
      dangerous('git reset --hard', /reset --hard/);
      dangerous('git reset --hard HEAD~1', /reset --hard/);
      safe('git reset HEAD x');
      safe('git reset --soft HEAD~1');
      dangerous('git clean -fdx', /untracked files/);
      dangerous('git clean -f', /untracked files/);
      safe('git clean -n');
      safe('git clean -nd');
      safe('git clean --dry-run -d');
      for (const p of ['git push --force', 'git push -f', 'git push -uf origin x', 'git push --force-with-lease', 'git push --force-with-lease=main', 'git push --force-if-includes', 'git push --mirror', 'git push --delete origin x', 'git push -d origin x', 'git push --prune', 'git push origin +main', 'git push origin :main']) {
        dangerous(p, /history on the remote/);
      }
      safe('git push');
      safe('git push -u origin feature');
      safe('git push origin main:main');
      for (const c of ['git checkout -- .', 'git checkout -- src/a.ts', 'git checkout .', 'git checkout -f main', 'git checkout --force x', 'git checkout HEAD -- a', 'git checkout :/']) dangerous(c, /Discards uncommitted changes \(git checkout/);
      for (const c of ['git checkout main', 'git checkout -b x', 'git checkout -- ', 'git checkout x --']) safe(c);
      dangerous('git restore a.ts', /git restore/);
      dangerous('git restore --staged --worktree a', /git restore/);
      dangerous('git restore -S -W a', /git restore/);
      safe('git restore --staged a.ts');
      safe('git restore -S a.ts');
      dangerous('git stash drop', /stash drop/);
      dangerous('git stash clear', /stash clear/);
      safe('git stash');
      safe('git stash pop');
      dangerous('git branch -D x', /branch -D/);
      dangerous('git branch -Dr x', /branch -D/);
      dangerous('git branch --delete --force x', /branch -D/);
      dangerous('git branch -d -f x', /branch -D/);
      safe('git branch -d x');
      safe('git branch x');
      dangerous('git rm -rf src', /git rm -f/);
      dangerous('git rm --force a', /git rm -f/);
      safe('git rm --cached a');
      dangerous('git filter-branch --all', /history/);
      dangerous('git filter-repo --path x', /history/);
    });

    it('settings that run programs, by -c or git config', () => {
      dangerous('git -c core.pager="rm -rf ~" log', /git setting that runs programs \(git -c core\.pager\)/);
      dangerous('git -c alias.x="!rm" x', /runs programs/);
      dangerous('git --config-env core.sshCommand=X fetch', /runs programs/);
      dangerous('git -c diff.x.textconv=x diff', /runs programs/);
      assert.deepEqual(analyze(words('git -c user.name=x commit'), SCOPE).asks, ['Changes git settings for this one command (git -c).']);
      safe('git -c user.name=x commit');
      dangerous('git config core.hooksPath .hooks', /git config/);
      dangerous('git config --global alias.st "!rm -rf ~"', /git config/);
      dangerous('git config core.fsmonitor x', /git config/);
      safe('git config user.name x');
    });

    it('finds the subcommand after global options', () => {
      dangerous('git -C /srv/x --no-pager -p reset --hard', /reset --hard/);
      dangerous('git --git-dir x --work-tree y clean -f', /untracked/);
      safe('git -C reset status');
    });

    it('hands over the command lines git runs itself', () => {
      assert.deepEqual(analyze(words('git submodule foreach --recursive "rm -rf x"'), SCOPE).strings, ['rm -rf x']);
      assert.deepEqual(analyze(words('git bisect run make test'), SCOPE).strings, ['make test']);
      assert.deepEqual(analyze(words('git rebase -x "npm test" main'), SCOPE).strings, ['npm test']);
      assert.deepEqual(analyze(words('git rebase --exec="npm test" main'), SCOPE).strings, ['npm test']);
      assert.deepEqual(analyze(words('git difftool --extcmd=meld'), SCOPE).strings, ['meld']);
      assert.deepEqual(analyze(words('git fetch --upload-pack "touch x"'), SCOPE).strings, ['touch x']);
      assert.deepEqual(analyze(words('git clone -u "touch x" r'), SCOPE).strings, ['touch x']);
      assert.deepEqual(analyze(words('git status'), SCOPE).strings, []);
    });
  });

  describe('analyze: find, writes, package runners', () => {
    it('find -delete and -exec', () => {
      dangerous('find . -name "*.o" -delete', /find -delete/);
      dangerous('find . -exec rm {} \\;', /find -exec rm/);
      dangerous('find . -execdir /bin/rm -f {} +', /find -execdir/);
      dangerous('find . -ok shred {} \\;', /find -ok shred/);
      assert.deepEqual(
        analyze(words('find . -exec grep -l x {} + -exec wc -l {} \\;'), SCOPE).embedded.map((e) => e.map((w) => w.value)),
        [
          ['grep', '-l', 'x', '{}'],
          ['wc', '-l', '{}'],
        ],
      );
      safe('find . -name "*.ts"');
      safe('find . -exec grep x {} +');
      assert.deepEqual(analyze(words('find . -exec'), SCOPE).embedded, []);
    });

    it('find -fprint writes a file', () => {
      const a = analyze(words('find . -fprint /srv/list'), SCOPE);
      assert.deepEqual(a.asks, ['Writes a file (find -fprint).']);
      assert.ok(a.dangers.some((d) => /outside the workspace/.test(d)));
      assert.deepEqual(analyze(words('find . -fls list'), SCOPE).dangers, []);
    });

    it('writes outside the workspace, to devices, or to files that configure the editor', () => {
      dangerous('tee -a /etc/hosts', /Writes outside the workspace \(\/etc\/hosts\)/);
      dangerous('tee .vscode/settings.json', /configures the editor or runs code \(\.vscode\/settings\.json\)/);
      dangerous('tee /dev/sda', /device file/);
      dangerous('cp a ~/.bashrc', /outside/);
      dangerous('cp -r a b /srv/', /outside/);
      dangerous('cp -t /tmp a b', /outside/);
      dangerous('cp --target-directory=/tmp a', /outside/);
      dangerous('install -m 755 x /usr/local/bin/x', /outside/);
      dangerous('ln -s x /usr/bin/x', /outside/);
      dangerous('rsync -a x/ /backup/', /outside/);
      dangerous('rsync -a --delete src/ dst/', /rsync --delete/);
      dangerous('cp x .git/hooks/pre-commit', /runs code/);
      dangerous('truncate -s 0 /var/log/x', /outside/);
      dangerous('sed -i s/a/b/ ~/.bashrc', /outside/);
      dangerous('sed -i.bak -e s/a/b/ /etc/x', /outside/);
      dangerous('sed --in-place s/a/b/ .vscode/tasks.json', /runs code/);
      dangerous('curl -o ~/.bashrc https://x', /outside/);
      dangerous('curl --output=/etc/x https://x', /outside/);
      dangerous('curl -o.vscode/settings.json https://x', /runs code/);
      dangerous('wget -O /srv/x https://x', /outside/);
      dangerous('wget -P /tmp https://x', /outside/);
      dangerous('Invoke-WebRequest x -OutFile /etc/x', /outside/);
      dangerous('tee $OUT', /only known when it runs/);
      safe('tee out.log');
      safe('cp a b');
      safe('cp a');
      safe('ln -s ../x link');
      safe('sed s/a/b/ /etc/hosts');
      safe('sed -n p x');
      safe('curl -o out.json https://x');
      safe('wget https://x');
      safe('truncate -s 0 log');
    });

    it('moving files away from outside the workspace', () => {
      dangerous('mv ~/.ssh/id_rsa .', /Moves files from outside the workspace/);
      dangerous('mv -t . /etc/x', /Moves files from outside/);
      safe('mv a b');
    });

    it('package runners: the package command is checked, -c is a command line', () => {
      dangerous('npx rimraf ~', /home folder/);
      dangerous('npx -y rimraf dist', /everything in them/);
      dangerous('bunx rimraf x', /everything/);
      dangerous('pnpm dlx rimraf x', /everything/);
      dangerous('yarn dlx rimraf x', /everything/);
      dangerous('npm exec rimraf x', /everything/);
      dangerous('npm x rimraf x', /everything/);
      dangerous('bun x rimraf x', /everything/);
      assert.deepEqual(analyze(words('npx -c "rm -rf ~"'), SCOPE).strings, ['rm -rf ~']);
      assert.deepEqual(analyze(words('npx --call="rm x"'), SCOPE).strings, ['rm x']);
      safe('npx tsc --noEmit');
      safe('npm test');
      safe('pnpm install');
      safe('bun test');
    });
  });

  it('deleting cloud and container resources', () => {
    for (const line of ['aws s3 rm s3://bucket --recursive', 'aws s3 rb s3://b --force', 'aws ec2 terminate-instances --instance-ids i-1', 'aws --profile p iam delete-user --user-name u', 'gcloud compute instances delete vm', 'gsutil rm -r gs://b', 'az group delete -n rg', 'kubectl delete ns prod', 'helm uninstall app', 'terraform destroy', 'terraform apply -destroy', 'tofu destroy', 'pulumi destroy', 'docker system prune -a', 'docker rmi x', 'docker volume rm v', 'podman rm -f x', 'firebase firestore:delete --all-collections']) {
      dangerous(line, /Deletes cloud or container resources/);
    }
    for (const line of ['aws s3 ls', 'aws s3 cp a s3://b/a', 'kubectl get pods', 'terraform plan', 'terraform apply', 'docker build .', 'docker run --rm x', 'gcloud config list', 'npm rm x']) safe(line);
  });

  it('knows which file a download writes', () => {
    assert.deepEqual(downloadOutputs(words('curl -o a.sh https://x')).map((w) => w.value), ['a.sh']);
    assert.deepEqual(downloadOutputs(words('curl --output b.sh x')).map((w) => w.value), ['b.sh']);
    assert.deepEqual(downloadOutputs(words('wget -O c.sh x')).map((w) => w.value), ['c.sh']);
    assert.deepEqual(downloadOutputs(words('wget --output-document=d.sh x')).map((w) => w.value), ['d.sh']);
    assert.deepEqual(downloadOutputs(words('iwr x -OutFile e.ps1')).map((w) => w.value), ['e.ps1']);
    assert.deepEqual(downloadOutputs(words('curl https://x')), []);
    assert.deepEqual(downloadOutputs(words('ls -o x')), []);
  });

  it('says nothing about a write inside the workspace', () => {
    assert.equal(writeDanger(words('x out.txt')[1], SCOPE), undefined);
    assert.equal(writeDanger(words('x /dev/null')[1], SCOPE), undefined);
    assert.match(writeDanger(words('x .vscode/settings.json')[1], SCOPE, 'Deletes') ?? 'none', /^none$/);
  });
});
